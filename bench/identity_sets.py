"""The candidate sets of bench/eval_identity.py: people, looks and cases.

Each person P is a candidate with 3 subjects (main + aux each, 36 s, 640x360,
3 fps), in these cases, Q another person of the same set (for group-photo
people, one from the same photo where possible):
  same      - P everywhere; one aux sees P from behind (no face);
  standin   - subject 2 is sat by Q (both cameras);
  mainaux   - subject 1's aux shows Q;
  swap      - in subject 3, Q takes the seat at 18 s (both cameras);
  swapback  - (tuned and fresh3 only) in subject 3, Q sits from 12 s to 24 s, then
              P again (both cameras).
Every recording has its own look: scale, light (a dim room), a head turn,
glasses.

Sets: `tuned` (thresholds chosen on it), `holdout`, `fresh` and `fresh2` (the
holdout's people in new recordings; see eval_identity.py for their history) and
`fresh3`: made after the two-subject rule became `identity_unresolved` and
`person_changed` learned the swap and back, run once with nothing changed
afterwards. It has the holdout's people again plus two new ones, the two
confident frontal faces of insightface's demo group photo `t1.jpg` (PyPI
`insightface==2.1` sdist: `pip download --no-deps --no-binary :all:
insightface==2.1`, untar into the photos folder), with a new seed and looks no
other set uses.
"""

from __future__ import annotations

import random
from pathlib import Path

DUR, SWAP_T = 36.0, 18.0
BACK_T = (12.0, 24.0)  # swapback: Q sits between these
SEEDS = {"tuned": 18, "holdout": 1018, "fresh": 2018, "fresh2": 3018, "fresh3": 4018}
SETS = tuple(SEEDS)
T1 = Path("insightface-2.1") / "insightface" / "data" / "images" / "t1.jpg"


def people(photos: Path, which: str) -> dict[str, list[tuple[str, int]]]:
    """person -> [(photo spec, face index)]; photo spec 'pkg:NAME' or a path.
    The fresh and fresh2 sets are the holdout's people in new recordings (other looks
    and seeds)."""
    fr = photos / "face_recognition-1.3.0" / "tests" / "test_images"
    demo = photos / "package" / "demo"
    if which == "tuned":
        out = {
            "astronaut": [("pkg:astronaut", 0)],
            "grace_hopper": [("pkg:grace_hopper", 0)],
            "biden": [(str(fr / "biden.jpg"), 0)],
        }
        groups = ["sample1.jpg", "sample2.jpg", "sample3.jpg"]
    else:
        out = {
            "obama": [
                (str(fr / n), 0)
                for n in (
                    "obama.jpg",
                    "obama2.jpg",
                    "obama3.jpg",
                    "obama_partial_face.jpg",
                    "obama_partial_face2.jpg",
                )
            ]
        }
        groups = ["sample4.jpg", "sample5.jpg", "sample6.jpg"]
    for g in groups:
        for k in frontal_faces(demo / g):
            out[f"{g[:-4]}#{k}"] = [(str(demo / g), k)]
    if which == "fresh3":  # two new people: faces smaller and less sure than face-api's
        for k in frontal_faces(photos / T1, min_score=0.65):
            out[f"t1#{k}"] = [(str(photos / T1), k)]
    return out


def frontal_faces(path: Path, min_score: float = 0.75) -> list[int]:
    from analysis.identity.align import eye_distance, frontality
    from analysis.identity.faces import KeypointFaceDetector
    from analysis.synth.identity import photo_file

    det = KeypointFaceDetector(0.5)
    try:
        hits = sorted(det.find(photo_file(path)), key=lambda h: -h.height)
    finally:
        det.close()
    return [
        k
        for k, h in enumerate(hits)
        if h.score >= min_score and frontality(h.points) >= 0.5 and eye_distance(h.points) >= 40
    ]


def load_portrait(spec: str, face: int):  # type: ignore[no-untyped-def]
    from analysis.synth.identity import photo_file, portrait
    from analysis.synth.recording import package_photo

    img = package_photo(spec[4:]) if spec.startswith("pkg:") else photo_file(Path(spec))
    return portrait(img, face)


# each set's looks: a choice per key (in this order: the draws of the seed), and the
# chance of drawn glasses; (main, aux)
Choices = dict[str, list[float] | float]
LOOKS: dict[str, tuple[Choices, Choices]] = {
    "fresh3": (  # values no other set uses (bar yaw near 0)
        {
            "scale": [0.7, 0.85, 1.0],
            "x": [0.45, 0.55],
            "light": [0.9, 0.55, 0.3],
            "yaw": [0.05, 0.25, 0.4, 0.55],
            "glasses": 0.5,
        },
        {
            "scale": [0.42, 0.52, 0.65],
            "x": [0.35, 0.6, 0.72],
            "light": [0.7, 0.4],
            "yaw": [0.05, 0.2, 0.35],
            "glasses": 0.5,
        },
    ),
    "fresh2": (  # scales, lights and turns no other set uses (bar yaw 0)
        {
            "scale": [0.65, 0.8, 0.95],
            "x": [0.42, 0.5, 0.58],
            "light": [0.85, 0.6, 0.4],
            "yaw": [0.0, 0.15, 0.35, 0.5],
            "glasses": 0.4,
        },
        {
            "scale": [0.5, 0.6],
            "x": [0.38, 0.68],
            "light": [0.8, 0.45],
            "yaw": [0.1, 0.3],
            "glasses": 0.3,
        },
    ),
    "": (  # tuned, holdout, fresh
        {
            "scale": [0.6, 0.75, 0.9],
            "light": [1.0, 1.0, 0.35],
            "yaw": [0.0, 0.0, 0.3, 0.45],
            "glasses": 0.4,
        },
        {
            "scale": [0.45, 0.55],
            "x": [0.62],
            "light": [1.0, 0.5],
            "yaw": [0.0, 0.25],
            "glasses": 0.3,
        },
    ),
}


def looks(rng: random.Random, aux: bool, which: str = "") -> dict[str, object]:
    table = LOOKS.get(which, LOOKS[""])[int(aux)]
    out: dict[str, object] = {}
    for key, choice in table.items():
        if isinstance(choice, float):
            out[key] = rng.random() < choice
        elif len(choice) == 1:
            out[key] = choice[0]  # fixed: no draw
        else:
            out[key] = rng.choice(choice)
    return out


def build(photos: Path, which: str, work: Path) -> tuple[list[dict], list]:  # type: ignore[type-arg]
    """Per person P: its one-person recordings, Q's stand-in and aux, and a swap; the
    four candidates share them (a candidate is a composition of recordings)."""
    ppl = people(photos, which)
    names = sorted(ppl)
    rng = random.Random(SEEDS[which])
    cands, jobs = [], []

    # the swapback case draws its looks and seeds from its own stream, so adding it
    # left the other recordings of the tuned set as they were
    back_rng, back_jobs = random.Random(SEEDS[which] + 7), []

    def rec(
        name: str,
        who: list[tuple[str, int, float]],
        aux: bool,
        back: bool = False,
        r: random.Random = rng,
    ) -> str:
        look = looks(r, aux, which)
        if back:
            look["back"] = True
        path = str(work / f"{name}.mp4".replace("#", "_"))
        if r is rng:
            jobs.append((path, who, look, len(jobs)))
        else:
            back_jobs.append((path, who, look, 100_000 + len(back_jobs)))
        return path

    for p in names:
        group = [q for q in names if q != p and q.split("#")[0] == p.split("#")[0]]
        q = rng.choice(group or [x for x in names if x != p])
        qp = [(ppl[q][0][0], ppl[q][0][1], 0.0)]
        own = {}
        for s in (1, 2, 3):
            photo = ppl[p][(s - 1) % len(ppl[p])]
            who = [(photo[0], photo[1], 0.0)]
            own[f"s{s}"] = {
                "main": rec(f"{p}_s{s}_main", who, False),
                "aux": rec(f"{p}_s{s}_aux", who, True, back=s == 3),
            }
        stand = {
            "main": rec(f"{p}_standin_{q}_main", qp, False),
            "aux": rec(f"{p}_standin_{q}_aux", qp, True),
        }
        q_aux = rec(f"{p}_aux_{q}", qp, True)
        photo = ppl[p][2 % len(ppl[p])]
        sw = [(photo[0], photo[1], 0.0), (qp[0][0], qp[0][1], SWAP_T)]
        swap = {
            "main": rec(f"{p}_swap_{q}_main", sw, False),
            "aux": rec(f"{p}_swap_{q}_aux", sw, True),
        }
        cases = {
            "same": own,
            "standin": {**own, "s2": stand},
            "mainaux": {**own, "s1": {"main": own["s1"]["main"], "aux": q_aux}},
            "swap": {**own, "s3": swap},
        }
        if which in ("tuned", "fresh3"):
            back = [(photo[0], photo[1], 0.0), (qp[0][0], qp[0][1], BACK_T[0])]
            back.append((photo[0], photo[1], BACK_T[1]))
            cases["swapback"] = {
                **own,
                "s3": {
                    "main": rec(f"{p}_back_{q}_main", back, False, r=back_rng),
                    "aux": rec(f"{p}_back_{q}_aux", back, True, r=back_rng),
                },
            }
        for case, subjects in cases.items():
            cands.append(
                {
                    "id": f"{which}-{p}-{case}",
                    "person": p,
                    "other": q,
                    "lookalike": q in group,  # Q from P's group photo: same light, similar look
                    "case": case,
                    "subjects": subjects,
                }
            )
    return cands, jobs + back_jobs
