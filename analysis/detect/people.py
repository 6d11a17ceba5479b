"""Who is in a sample: one box per distinct person, and a second person's hysteresis.

A second person counts when two distinct people are seen with confident
detections (`people`). Someone walking behind the candidate is often seen
confidently on one sample only, then half-hidden: a sample right next to a
crowded one continues the crowd when a weaker, fresh detection stands where
one of the other people stood, apart from this sample's own people
(`crowd_values`). The weaker detection alone never starts anything.

Two more kinds of memory across samples: a face whose score dips still counts
where a confident face was within `track_s` (the same person seen less well),
and a reflection found within `mirror_memory_s` still explains a face or body
at its place (a mirror does not move; the mirror finder misses a sample now and
then). The candidate's reflection, and a body box around it that no real face
vouches for, is never a person.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.detect.observations import HELD, Box, Kind, Observation, distinct, near


@dataclass(frozen=True)
class PeopleConfig:
    face_min_score: float = 0.6
    person_min_score: float = 0.45
    # hysteresis: what continues (never starts) a crowd on a neighbouring sample
    face_continue_score: float = 0.5
    person_continue_score: float = 0.2
    # a face whose score dips (another face in the picture can lower it) still counts
    # from this score where a confident face was, at most track_s away
    face_track_score: float = 0.4
    track_s: float = 3.0
    # a mirror stays where it is: a reflection found on a sample at most this far away
    # still explains a face or body at its place (the mirror finder misses a sample
    # now and then, when the candidate's own face scores low)
    mirror_memory_s: float = 5.0
    # a picture on the wall hangs where it hangs: once found (after many still
    # seconds), it explains a face or body at its place this long before and after
    picture_memory_s: float = 60.0


def people(frame: Sequence[Observation], cfg: PeopleConfig) -> list[Box]:
    """One box per distinct person: person boxes, plus faces no person box explains.

    A face or body where the mirror detector found the candidate's reflection,
    or where a picture of a person hangs, is not a second person. Duplicates are
    one person (`merge_faces`, `merge_persons`, `explains`).
    """
    faces = merge_faces(_boxes(frame, Kind.FACE, cfg.face_min_score))
    persons = merge_persons(_boxes(frame, Kind.PERSON, cfg.person_min_score), faces)
    if _held_bodies(frame, cfg):
        # Body boxes carried forward from an earlier sample may no longer hold a face
        # that has moved since: count the bodies or the faces, whichever are more.
        return persons if len(persons) >= len(faces) else faces
    out = list(persons)
    for f in faces:
        if not any(explains(p, f) for p in persons) and not any(same_head(f, q) for q in out):
            out.append(f)
    return out


def _held_bodies(frame: Sequence[Observation], cfg: PeopleConfig) -> bool:
    """Whether body boxes that count were carried forward to this sample. Weak ones,
    which count for nothing, don't make the faces wait for the bodies (measured: a
    dim room's furniture at 0.28, carried forward, made a candidate whose face
    scored 0.56-0.59 for a moment count as nobody: a false `left_frame`)."""
    return any(
        o.kind == Kind.PERSON and o.detector.endswith(HELD) and o.score >= cfg.person_min_score
        for o in frame
    )


def same_head(a: Box, b: Box) -> bool:
    """Two face boxes on one head: overlapping at all by area (measured: two boxes of
    one head at IoU 0.22), or centres closer than 0.6 of the larger face's width
    (a profile face and a frontal one of the same head are shifted sideways). Two
    people's heads, even side by side, are at least about a face width apart."""
    if a.iou(b) >= 0.1:
        return True
    wa, wb = a.x1 - a.x0, b.x1 - b.x0
    if max(wa, wb) > 2.5 * max(1e-6, min(wa, wb)):
        return False
    (ax, ay), (bx, by) = a.centre, b.centre
    return float(((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5) < 0.6 * max(wa, wb)


def merge_faces(faces: Sequence[Box]) -> list[Box]:
    """One box per head (the first, most often the most confident, of each group)."""
    out: list[Box] = []
    for f in faces:
        if not any(same_head(f, q) for q in out):
            out.append(f)
    return out


def merge_persons(persons: Sequence[Box], faces: Sequence[Box] = ()) -> list[Box]:
    """One box per body: boxes overlapping by IoU 0.3, or one mostly (70%) inside the
    other, while no two distinct faces stand in them (two detectors, or a detector's
    duplicate that NMS at 0.5 kept; someone half-hidden behind the candidate shows a
    face of their own)."""
    out: list[Box] = []
    for p in sorted(persons, key=lambda b: -b.area):
        dup = False
        for q in out:
            inter = _intersection(p, q)
            contained = inter >= 0.7 * max(1e-9, min(p.area, q.area))
            if (p.iou(q) >= 0.3 or contained) and _heads_in(faces, p, q) <= 1:
                dup = True
                break
        if not dup:
            out.append(p)
    return out


def explains(body: Box, face: Box, margin: float = 0.1) -> bool:
    """`face` is the head of `body`: its centre inside the body box widened by `margin`
    of the body's width aside and above (a profile face's centre may fall just outside
    a body box on the frame's edge: measured 0.2% of the width)."""
    bw, bh = body.x1 - body.x0, body.y1 - body.y0
    cx, cy = face.centre
    return (
        body.x0 - margin * bw <= cx <= body.x1 + margin * bw
        and body.y0 - margin * bh <= cy <= body.y1
    )


def _intersection(a: Box, b: Box) -> float:
    ix = max(0.0, min(a.x1, b.x1) - max(a.x0, b.x0))
    iy = max(0.0, min(a.y1, b.y1) - max(a.y0, b.y0))
    return ix * iy


def _heads_in(faces: Sequence[Box], a: Box, b: Box) -> int:
    union = Box(min(a.x0, b.x0), min(a.y0, b.y0), max(a.x1, b.x1), max(a.y1, b.y1))
    return len([f for f in faces if inside(f, union)])


def crowd_values(
    frames: Sequence[Sequence[Observation]],
    times: Sequence[float],
    cfg: PeopleConfig,
    max_step_s: float,
) -> tuple[list[float], list[list[Box]]]:
    """Per sample: 1.0 with two or more people, 0.5 where a neighbour's crowd continues
    on weaker evidence (see the module's doc), else 0.0; and the people of each sample."""
    frames = with_nearby(frames, times, cfg.mirror_memory_s)
    frames = with_nearby(frames, times, cfg.picture_memory_s, "picture")
    seen = [people(f, cfg) for f in frames]
    # a crowd needs someone seen for sure on the sample itself: faces kept only because
    # a confident face was nearby in time are two weak sightings at most (measured: a
    # candidate's turned head at 0.4-0.57 and a flag behind them that scored 0.61 once)
    sure = [bool(p) for p in seen]
    _keep_tracked_faces(frames, times, seen, cfg)
    for p, k in zip(seen, _staying(frames, times, seen, cfg), strict=True):
        if p:  # someone else is there for sure: those staying make a crowd
            p.extend(k)
    values = [1.0 if len(p) >= 2 and ok else 0.0 for p, ok in zip(seen, sure, strict=True)]
    n = len(frames)
    for i in range(n):
        if values[i] > 0 or not seen[i]:
            continue
        weak = _weak_apart(frames[i], seen[i], cfg)
        for j in (i - 1, i + 1):
            if weak and 0 <= j < n and values[j] >= 1.0 and abs(times[j] - times[i]) <= max_step_s:
                # the crowded neighbour's people, less those this sample also has: the others
                others = [b for b in seen[j] if not any(_same(b, q) for q in seen[i])]
                if any(near(b, o) for b in weak for o in others):
                    values[i] = 0.5
                    break
    return values, seen


def with_nearby(
    frames: Sequence[Sequence[Observation]],
    times: Sequence[float],
    memory_s: float,
    label: str = "reflection",
) -> list[list[Observation]]:
    """Each sample's observations plus the reflections (or pictures: `label`) found on
    samples at most `memory_s` away (marked ``~near``), for counting people only.
    `times` are sorted."""
    mirrors = [
        [o for o in f if o.label == label and o.box and "~near" not in o.detector] for f in frames
    ]
    if not any(mirrors):
        return [list(f) for f in frames]
    out = []
    for i, (t, f) in enumerate(zip(times, frames, strict=True)):
        lo, hi = bisect_left(times, t - memory_s), bisect_right(times, t + memory_s)
        own = [o.box for o in mirrors[i] if o.box]
        near_boxes = [o.box for j in range(lo, hi) if j != i for o in mirrors[j] if o.box]
        # a mirror does not move: one box per place, none where this sample found one
        extra = [
            Observation(t, Kind.OBJECT, label, 0.0, b, f"{label}~near")
            for b in distinct(near_boxes, same_iou=0.5)
            if all(b.iou(m) < 0.5 for m in own)
        ]
        out.append([*f, *extra])
    return out


def _keep_tracked_faces(
    frames: Sequence[Sequence[Observation]],
    times: Sequence[float],
    seen: list[list[Box]],
    cfg: PeopleConfig,
) -> None:
    """Add to each sample's people the fresh faces from `face_track_score` that stand
    where a confident face was on a sample at most `track_s` away: the same person
    seen less well (measured: OpenCV's cameraman scores 0.7-0.8 alone and 0.4-0.6
    while a visitor's face is in the picture, so the visitor looked like the only
    person). A weak face where no one was confidently seen still counts for nothing."""
    confident = [_boxes(f, Kind.FACE, cfg.face_min_score) for f in frames]
    for i, frame in enumerate(frames):
        if _held_bodies(frame, cfg):
            continue  # bodies carried forward: `people` already chose bodies or faces
        strong = set(confident[i])
        weak = [b for b in _boxes(frame, Kind.FACE, cfg.face_track_score) if b not in strong]
        persons = _boxes(frame, Kind.PERSON, cfg.person_min_score)
        for w in weak:
            if any(w.iou(q) >= 0.3 or inside(w, q) for q in seen[i]) or any(
                inside(w, p) or explains(p, w) for p in persons
            ):
                continue  # already one of this sample's people (a face on a body is its head)
            lo = bisect_left(times, times[i] - cfg.track_s)
            hi = bisect_right(times, times[i] + cfg.track_s)
            own = list(seen[i])
            known = any(
                _stands_for(w, c, own) for j in range(lo, hi) if j != i for c in confident[j]
            )
            if known:
                seen[i].append(w)


def _staying(
    frames: Sequence[Sequence[Observation]],
    times: Sequence[float],
    seen: Sequence[Sequence[Box]],
    cfg: PeopleConfig,
) -> list[list[Box]]:
    """Per sample, the people seen only weakly where a person was seen confidently at
    most `track_s` away, who are none of the sample's own people: someone still
    sitting there (measured: a candidate seen from behind scored 1.00 by the pose
    model on one sample and 0.16-0.24 by YOLO on the next, while a passer-by took
    the pose model's attention). For counting a crowd only: it never keeps an
    absent candidate present."""
    sure = [_boxes(f, Kind.PERSON, cfg.person_min_score) for f in frames]
    out: list[list[Box]] = []
    for i, frame in enumerate(frames):
        fresh = [o for o in frame if not o.detector.endswith(HELD)]
        weak = _boxes(fresh, Kind.PERSON, cfg.person_continue_score)
        weak += _boxes(fresh, Kind.FACE, cfg.face_track_score)
        lo = bisect_left(times, times[i] - cfg.track_s)
        hi = bisect_right(times, times[i] + cfg.track_s)
        known = [c for j in range(lo, hi) if j != i for c in sure[j]]
        extra: list[Box] = []
        for w in weak:
            if any(_same(w, q) or inside(w, q) or inside(q, w) for q in [*seen[i], *extra]):
                continue
            if any(w.iou(c) >= 0.3 and inside(w, c) for c in known):
                extra.append(w)
        out.append(extra)
    return out


def _stands_for(w: Box, c: Box, own: Sequence[Box]) -> bool:
    """The weak face `w` is where the confident face `c` was, and none of the sample's
    own people is nearer to `c`: otherwise `c`'s person is here already, and `w` is
    something beside them (measured: a hand and phone at the astronaut's ear scored
    0.43 as a face, overlapping where her own face was a second before)."""
    if not near(w, c):
        return False
    cx, cy = c.centre

    def gap(b: Box) -> float:
        bx, by = b.centre
        return float(((bx - cx) ** 2 + (by - cy) ** 2) ** 0.5)

    return all(gap(q) > gap(w) for q in own)


def inside(inner: Box, outer: Box) -> bool:
    cx, cy = inner.centre
    return outer.x0 <= cx <= outer.x1 and outer.y0 <= cy <= outer.y1


# a face this confident, outside any reflection, vouches for the body box around it
VOUCH_SCORE = 0.5


def _boxes(frame: Sequence[Observation], kind: Kind, min_score: float) -> list[Box]:
    """Boxes of `kind` from `min_score`, less the candidate's reflection and pictures
    of people: a box inside or over one, and a body around one that no real face
    vouches for (the mirror finder may match only the reflected head; the body
    detector boxes the whole reflection, or the whole person in a poster)."""
    mirrors = [o.box for o in frame if o.label in ("reflection", "picture") and o.box is not None]
    if not mirrors:
        return [o.box for o in frame if o.kind == kind and o.box and o.score >= min_score]

    def reflected(b: Box) -> bool:
        return any(inside(b, m) or b.iou(m) > 0.3 for m in mirrors)

    real_faces = [
        o.box
        for o in frame
        if o.kind == Kind.FACE and o.box and o.score >= VOUCH_SCORE and not reflected(o.box)
    ]

    def reflection_body(b: Box) -> bool:
        return any(inside(m, b) for m in mirrors) and not any(inside(f, b) for f in real_faces)

    return [
        o.box
        for o in frame
        if o.kind == kind
        and o.box is not None
        and o.score >= min_score
        and not reflected(o.box)
        and not (kind == Kind.PERSON and reflection_body(o.box))
    ]


def _weak_apart(frame: Sequence[Observation], own: Sequence[Box], cfg: PeopleConfig) -> list[Box]:
    """Fresh (not carried forward) faces and bodies above the continue scores that are
    none of this sample's people: not one of their boxes, and not inside a box found
    fresh here (a body carried forward may be stale, or hold two people)."""
    fresh = [o for o in frame if not o.detector.endswith(HELD)]
    mine = _boxes(fresh, Kind.FACE, cfg.face_min_score)
    mine += _boxes(fresh, Kind.PERSON, cfg.person_min_score)
    weak = _boxes(fresh, Kind.FACE, cfg.face_continue_score)
    weak += _boxes(fresh, Kind.PERSON, cfg.person_continue_score)
    return [
        b for b in weak if not any(_same(b, q) for q in own) and not any(inside(b, q) for q in mine)
    ]


def _same(a: Box, b: Box) -> bool:
    """`a` is `b` seen again (a small box inside a large one, such as a face inside a
    body box that may be stale or hold two people, is not)."""
    return a.iou(b) > 0.3 or inside(b, a)
