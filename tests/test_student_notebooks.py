"""`make students`: the student notebooks are the same notebooks without answers."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location(
    "make_student_notebooks", ROOT / "tools" / "make_student_notebooks.py"
)
tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tool)


def test_student_versions_drop_solutions_teacher_material_and_outputs(tmp_path):
    written = tool.make(tmp_path / "students")
    names = {p.name for p in written}
    source = {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert names == source - {"teachers_guide.ipynb"}
    teacher = nbformat.read(ROOT / "notebooks" / "09_hand_calculations.ipynb", as_version=4)
    student = nbformat.read(tmp_path / "students" / "09_hand_calculations.ipynb", as_version=4)
    solutions = [c for c in teacher.cells if "solution" in c.metadata.get("tags", [])]
    assert len(solutions) == 6 and any(c.outputs for c in solutions)
    assert len(student.cells) == len(teacher.cells) - len(solutions)
    text = nbformat.writes(student)
    assert "worked_solution" not in text and "Worked solution" not in text
    assert all(c.outputs == [] for c in student.cells if c.cell_type == "code")
    answers = [c for c in student.cells if "student-answer" in c.metadata.get("tags", [])]
    assert len(answers) == 6 and all("= None" in c.source for c in answers)
    kept = [c.source for c in teacher.cells if c not in solutions]
    assert [c.source for c in student.cells] == kept


def test_the_target_is_replaced_not_merged(tmp_path):
    target = tmp_path / "students"
    target.mkdir()
    (target / "old.ipynb").write_text("{}")
    tool.make(target)
    assert not (target / "old.ipynb").exists()
