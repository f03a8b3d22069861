"""Export the question bank for learning platforms (`make quiz`), each file checked by reading it
back: Moodle XML (Question bank > Import > Moodle XML format) and a QTI 1.2 package (Canvas:
Settings > Import course content > QTI .zip file). The files hold the answers: give them to
teachers, not to the class (they are not part of the static site).

    python tools/export_quiz.py build/quiz
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def export(folder: Path) -> list[Path]:
    """Write both exports into ``folder`` after checking each against the bank."""
    from hamstring_edu import quiz_export as qe

    folder.mkdir(parents=True, exist_ok=True)
    moodle, qti = qe.moodle_xml(), qe.qti_package()
    for name, problems in (
        ("Moodle XML", qe.differences(qe.read_moodle_xml(moodle))),
        ("QTI", qe.differences(qe.read_qti_package(qti))),
    ):
        if problems:
            raise SystemExit(
                f"make quiz: the {name} export differs from the bank:\n" + "\n".join(problems)
            )
    paths = [folder / "hamstring-edu-moodle.xml", folder / "hamstring-edu-qti.zip"]
    paths[0].write_text(moodle, encoding="utf-8")
    paths[1].write_bytes(qti)
    return paths


if __name__ == "__main__":
    for path in export(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "build" / "quiz")):
        print(f"quiz: {path} ({path.stat().st_size / 1024:.1f} KiB, read back and checked)")
