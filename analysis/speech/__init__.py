"""Qt-free speech analysis: where someone speaks (silero VAD), and, with the
optional `[speech]` extra, what is said and in which language (faster-whisper).

Nothing here knows the database, the roster file or Qt: `reviewer/speech.py`
plans the jobs, stores the results and raises the flags.
"""
