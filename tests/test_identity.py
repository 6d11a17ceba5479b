"""Identity analysis (issue 18): alignment, embedding, templates, comparisons.

Media: real faces shipped in packages (scikit-image `astronaut`, matplotlib
`grace_hopper`), cut to head and shoulders with the project's BlazeFace and
pasted over a generated room by `analysis.synth.identity` (PyAV, H.264, 640x360,
3 fps, 16 s, a keyframe every 2 s), with a dim-light and a glasses variant and a swap
of person half-way through. Nothing is downloaded.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pytest

from analysis.flags import SEVERITY, Severity
from analysis.identity.align import SIZE, TEMPLATE, align_face, frontality, order_points
from analysis.identity.compare import change_point, outliers, undecided
from analysis.identity.embed import Embedder, verify_model
from analysis.identity.recording import IdentityConfig, RecordingIdentity, identity_of_recording
from analysis.identity.template import FaceSample, Template, pack, robust_template, unpack
from analysis.synth.identity import Look, Portrait, portrait, write_sitting
from analysis.synth.recording import package_photo
from reviewer.identity import IdentitySettings
from reviewer.identity_flags import Seen, flags_for


@cache
def _portrait(name: str) -> Portrait:
    return portrait(package_photo(name))


def test_model_file_is_the_one_provenance_names() -> None:
    verify_model()


def test_alignment_maps_keypoints_onto_the_template() -> None:
    """A face whose keypoints are the template scaled by 3 and shifted lands on it."""
    img = np.zeros((900, 900, 3), np.uint8)
    pts = TEMPLATE * 3 + 50
    for x, y in pts.astype(int):
        img[y - 4 : y + 5, x - 4 : x + 5] = 255
    out = align_face(img, pts[[1, 0, 2, 3]])  # eye order does not matter
    assert out is not None and out.shape == (SIZE, SIZE, 3)
    for x, y in TEMPLATE.astype(int):
        assert out[y, x].max() > 200
    assert frontality(TEMPLATE) > 0.9
    turned = order_points(TEMPLATE).copy()
    turned[2, 0] += 0.4 * (turned[1, 0] - turned[0, 0])  # nose towards one eye: a head turn
    assert frontality(turned) < 0.3


def test_same_face_altered_scores_high_and_two_people_low() -> None:
    """Real photos: the astronaut, dimmed and shrunk, stays herself; Grace Hopper is not her."""
    from analysis.identity.faces import KeypointFaceDetector

    det = KeypointFaceDetector()
    crops = []
    try:
        for img in (
            package_photo("astronaut"),
            (package_photo("astronaut")[::2, ::2] * 0.4).astype(np.uint8),
            package_photo("grace_hopper"),
        ):
            hit = max(det.find(np.ascontiguousarray(img)), key=lambda h: h.height)
            crop = align_face(np.ascontiguousarray(img), hit.points)
            assert crop is not None
            crops.append(crop)
    finally:
        det.close()
    e = Embedder().embed(crops)
    assert np.allclose(np.linalg.norm(e, axis=1), 1.0, atol=1e-4)
    assert float(e[0] @ e[1]) > 0.75
    assert float(e[0] @ e[2]) < 0.55


def _faces(n: int, seg_of: list[int]) -> list[FaceSample]:
    return [FaceSample(float(i), (0.4, 0.2, 0.6, 0.5), 0.9, 1.0, 40.0, seg_of[i]) for i in range(n)]


def test_template_ignores_a_few_odd_faces_and_change_point_finds_a_swap() -> None:
    """Random unit vectors around two 'people': 12 faces of A, 2 of B among them."""
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=1024), rng.normal(size=1024)

    def near(v: np.ndarray) -> np.ndarray:
        x = v / np.linalg.norm(v) + rng.normal(scale=0.02, size=1024)
        return (x / np.linalg.norm(x)).astype(np.float32)

    e = np.stack([near(a) for _ in range(12)] + [near(b) for _ in range(2)])
    faces = _faces(14, [0] * 14)
    t = robust_template(e, faces, list(range(14)))
    assert t is not None and t.faces == 12 and t.of_faces == 14
    assert float(t.vector @ (a / np.linalg.norm(a))) > 0.9
    assert np.array_equal(unpack(pack([t.vector])), t.vector[None])
    # segments 0-2 show A, 3-4 show B
    e2 = np.stack([near(a) for _ in range(9)] + [near(b) for _ in range(6)])
    faces2 = _faces(15, [i // 3 for i in range(15)])
    segs = [robust_template(e2, faces2, list(range(k * 3, k * 3 + 3))) for k in range(5)]
    ch = change_point([s for s in segs if s is not None], min_faces=3)
    assert ch is not None and ch.k == 3 and ch.similarity < 0.2
    assert ch.last_before_s == 8.0 and ch.first_after_s == 9.0
    same = change_point([s for s in segs[:3] if s is not None], min_faces=3)
    assert same is not None and same.similarity > 0.6


def test_outliers_name_the_stand_in_only_where_a_majority_says_so() -> None:
    sims = np.array([[1, 0.8, 0.2], [0.8, 1, 0.3], [0.2, 0.3, 1]])
    assert outliers(sims, 0.5) == [2]
    assert not undecided(sims, 0.5)
    two = np.array([[1, 0.2], [0.2, 1]])
    assert outliers(two, 0.5) == [] and undecided(two, 0.5)  # who? cannot be told
    assert outliers(np.array([[1, 0.8], [0.8, 1]]), 0.5) == []
    assert not undecided(np.array([[1, 0.8], [0.8, 1]]), 0.5)
    split = np.array(
        [[1, 0.9, 0.1, 0.1], [0.9, 1, 0.1, 0.1], [0.1, 0.1, 1, 0.9], [0.1, 0.1, 0.9, 1]]
    )
    assert outliers(split, 0.5) == [] and undecided(split, 0.5)  # a 2-2 split


@pytest.fixture(scope="module")
def sittings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("sittings")
    a, g = _portrait("astronaut"), _portrait("grace_hopper")
    specs = {
        "a_bright": ([(a, 0.0)], Look()),
        "a_dim_glasses": ([(a, 0.0)], Look(light=0.4, glasses=True, scale=0.6, yaw=0.3)),
        "swap": ([(a, 0.0), (g, 8.0)], Look()),
        "back": ([(a, 0.0)], Look(back=True, scale=0.5, x=0.62)),
    }
    out = {}
    for name, (who, look) in specs.items():
        out[name] = d / f"{name}.mp4"
        write_sitting(out[name], who, 16.0, look, fps=3, seed=len(out))
    return out


def test_recordings_of_one_person_match_and_a_swap_shows(sittings: dict[str, Path]) -> None:
    cfg = IdentityConfig()
    ids = {k: identity_of_recording(str(p), cfg) for k, p in sittings.items()}
    a1, a2, swap, back = (ids[k] for k in ("a_bright", "a_dim_glasses", "swap", "back"))
    assert a1.template is not None and a2.template is not None
    assert a1.samples == 16 and a1.template.faces >= 12
    assert float(a1.template.vector @ a2.template.vector) > 0.6
    assert back.template is None and back.faces == ()  # no usable face: not a mismatch
    ch = change_point(swap.segments, 3)
    assert ch is not None and ch.similarity < 0.5
    assert ch.last_before_s <= 8.0 <= ch.first_after_s + 1.0
    # only vectors are biometric: the metadata holds none
    meta = a1.meta()
    assert "vector" not in repr(meta) and len(a1.vectors()) == 1 + len(a1.segments)


def _seen(subject: str, camera: str, vec: np.ndarray, faces: int = 10) -> Seen:
    """A recording's identity with one template of `faces` faces (no video needed)."""
    fs = tuple(_faces(faces, [0] * faces))
    t = Template(vec.astype(np.float32), faces, faces, 0.0, float(faces - 1), 0, 0.95)
    return Seen(subject, camera, 1, None, RecordingIdentity(60.0, faces, fs, t, (t,), 120.0))


def test_flags_name_the_stand_in_and_never_a_recording_without_faces() -> None:
    """Random unit vectors: person A in subjects 1 and 3, B in subject 2."""
    rng = np.random.default_rng(1)
    a, b = (v / np.linalg.norm(v) for v in rng.normal(size=(2, 1024)))
    st = IdentitySettings()
    seen = {
        "s1": {"main": _seen("s1", "main", a), "aux": _seen("s1", "aux", a, faces=2)},
        "s2": {"main": _seen("s2", "main", b), "aux": _seen("s2", "aux", b)},
        "s3": {"main": _seen("s3", "main", a), "aux": _seen("s3", "aux", b)},
    }
    got = {
        s: [(f.type.value, f.reason, f.camera.value) for f, _ in flags_for(s, seen, None, st)]
        for s in seen
    }
    # s1's aux has 2 faces (under min_faces): no pair flag; s3's aux shows B: a pair flag
    assert got["s1"] == []
    assert got["s2"] == [("identity_mismatch", "other_subject", "main")]
    assert got["s3"] == [("identity_mismatch", "main_aux", "pair")]
    ((flag, ev),) = flags_for("s2", seen, _seen("", "photo", a, faces=1), st)[1:]
    assert flag.reason == "reference_photo" and flag.facts["faces_b"] == 1
    assert ev is not None and ev["identity"]["similarity"] < st.photo_threshold


def test_two_subjects_that_differ_accuse_neither() -> None:
    """Random unit vectors: A in subject 1, B in subject 2, subject 3 with no usable
    face (2 faces). Who is the stand-in cannot be told: both subjects get
    `identity_unresolved` (a warning naming the other subject), neither an
    `identity_mismatch`; a third subject of A settles it."""
    rng = np.random.default_rng(2)
    a, b = (v / np.linalg.norm(v) for v in rng.normal(size=(2, 1024)))
    st = IdentitySettings()
    seen = {
        "s1": {"main": _seen("s1", "main", a)},
        "s2": {"main": _seen("s2", "main", b)},
        "s3": {"main": _seen("s3", "main", a, faces=2)},
    }
    got = {s: [f for f, _ in flags_for(s, seen, None, st)] for s in seen}
    assert [(f.type.value, f.reason, f.facts["other_subject"]) for f in got["s1"]] == [
        ("identity_unresolved", "subjects_differ", "s2")
    ]
    assert [(f.type.value, f.facts["other_subject"]) for f in got["s2"]] == [
        ("identity_unresolved", "s1")
    ]
    assert got["s3"] == [] and got["s1"][0].facts["compared"] == 2
    assert SEVERITY[got["s1"][0].type] == Severity.WARNING
    seen["s3"] = {"main": _seen("s3", "main", a)}
    got = {s: [f.type.value for f, _ in flags_for(s, seen, None, st)] for s in seen}
    assert got == {"s1": [], "s2": ["identity_mismatch"], "s3": []}


def test_change_point_finds_a_stay_and_back() -> None:
    """Segments of A, A, B, B, A (random unit vectors, 3 faces each): the run of B in
    the middle is found, with when B came and when A was back."""
    rng = np.random.default_rng(3)
    a, b = (v / np.linalg.norm(v) for v in rng.normal(size=(2, 1024)))
    segs = [
        Template(v.astype(np.float32), 3, 3, 10.0 * k, 10.0 * k + 8, 0, 0.9)
        for k, v in enumerate([a, a, b, b, a])
    ]
    ch = change_point(segs, min_faces=3)
    assert ch is not None and (ch.k, ch.end) == (2, 4) and ch.similarity < 0.2
    assert (ch.last_before_s, ch.back_s) == (18.0, 40.0)
    one = change_point(segs[:4], min_faces=3)  # A, A, B, B: a change at one point
    assert one is not None and one.back_s is None and one.k == 2
    flipped = change_point(segs[2:], min_faces=3)  # B, B, A: the change at 2 as well
    assert flipped is not None and flipped.back_s is None and flipped.first_after_s == 40.0


def _mix(a: np.ndarray, c: np.ndarray, cos: float) -> np.ndarray:
    """A unit vector at cosine `cos` from unit `a` (c: a unit vector orthogonal to a)."""
    return cos * a + np.sqrt(1 - cos * cos) * c


def test_person_changed_where_each_side_agrees_with_itself() -> None:
    """Four segments of one recording (3 faces each): A, A, then B at cosine 0.5 from
    A. 0.5 is above the absolute change threshold (0.45), but each side's segments
    agree (1.0 >= 0.9): one camera in one room, so the drop is a change of person.
    The same drop where one side's segments disagree (0.8) is not flagged."""
    rng = np.random.default_rng(4)
    q, _ = np.linalg.qr(rng.normal(size=(1024, 3)))
    a, c, d = q.T
    b = _mix(a, c, 0.5)
    st = IdentitySettings()

    def seen(vecs: list[np.ndarray]) -> Seen:
        segs = tuple(
            Template(v.astype(np.float32), 3, 3, 10.0 * k, 10.0 * k + 8, 3 * k, 0.95)
            for k, v in enumerate(vecs)
        )
        fs = tuple(_faces(3 * len(vecs), [k // 3 for k in range(3 * len(vecs))]))
        t = Template(a.astype(np.float32), len(fs), len(fs), 0.0, 38.0, 0, 0.9)
        return Seen("s1", "main", 1, None, RecordingIdentity(40.0, len(fs), fs, t, segs, 10.0))

    ((flag, _),) = flags_for("s1", {"s1": {"main": seen([a, a, b, b])}}, None, st)
    assert flag.type.value == "person_changed" and flag.reason == "segments_differ"
    assert flag.facts["threshold"] == st.change_relative_threshold
    assert flag.facts["within"] >= st.change_consistency and flag.start_s == 18.0
    loose = _mix(b, d, 0.8)  # B's second segment only 0.8 like its first
    assert flags_for("s1", {"s1": {"main": seen([a, a, b, loose])}}, None, st) == []


def test_config_identity_section(tmp_path: Path) -> None:
    """`[identity]` sets the thresholds; an unknown key is refused."""
    from reviewer.config import load_config
    from reviewer.errors import UserError

    cfg_file = tmp_path / "config.toml"
    cfg_file.write_text("[identity]\npair_threshold = 0.5\nmin_faces = 5\n", encoding="utf-8")
    cfg = load_config(cfg_file)
    assert cfg.identity.pair_threshold == 0.5 and cfg.identity.min_faces == 5
    assert cfg.identity.subject_threshold == IdentitySettings().subject_threshold
    cfg_file.write_text("[identity]\nthreshold = 0.5\n", encoding="utf-8")
    with pytest.raises(UserError):
        load_config(cfg_file)


def test_the_batch_carries_the_identity_settings() -> None:
    """The enqueuer's [identity] reaches the workers' jobs and `finish` (the batch
    used the defaults before); options queued before it carried them read as the
    defaults."""
    from reviewer.batch.options import BatchOptions

    st = IdentitySettings(subject_threshold=0.5, sample_every_s=10.0, min_faces=4)
    back = BatchOptions.from_json(BatchOptions(identity=st).to_json())
    assert back.identity == st and back.scan_options().identity == st
    old = BatchOptions().to_json()
    del old["identity"]
    assert BatchOptions.from_json(old).identity == IdentitySettings()
    assert (
        BatchOptions.identity_settings(back.to_json()["identity"]).config().sample_every_s == 10.0
    )
