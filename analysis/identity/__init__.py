"""Who is in a recording: face embeddings (HSE FaceRes), templates and comparisons.

Qt-free and DB-free. `recording.identity_of_recording` runs in a worker process:
it decodes sparse samples, finds faces with BlazeFace (keypoints kept), aligns
them onto the ArcFace template and embeds them; `template` builds the robust
per-recording and per-segment templates; `compare` turns templates into
similarities and change points. "No usable face" is a result, never a mismatch.
"""
