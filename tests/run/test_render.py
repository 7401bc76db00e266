"""What an executed notebook's page shows, and what goes to its run log instead (no kernel runs)."""

from __future__ import annotations

import nbformat

from helpers.run.render import WIDGET_VIEW, split_log


def executed_notebook():
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("work()", execution_count=4)
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="for the reader\n"),
        nbformat.v4.new_output("stream", name="stderr", text="/home/me/.venv/lib/x.py:3: FutureWarning: soon\n"),
        nbformat.v4.new_output("display_data", data={WIDGET_VIEW: {"model_id": "1"}, "text/plain": "HBox()"}),
        nbformat.v4.new_output(
            "error",
            ename="KeyError",
            evalue="'source'",
            traceback=["\x1b[0;31mTraceback\x1b[0m", 'File "/home/me/src/helpers/x.py", line 2', "KeyError: 'source'"],
        ),
    ]
    notebook.cells = [nbformat.v4.new_markdown_cell("# Title"), cell]
    notebook.metadata["widgets"] = {"state": {}}
    return notebook


def test_the_page_keeps_what_the_reader_needs():
    notebook = executed_notebook()
    page, _ = split_log(notebook)
    outputs = page.cells[1].outputs
    assert [o.output_type for o in outputs] == ["stream", "error"]
    assert outputs[0].text == "for the reader\n"
    assert outputs[1].traceback == ["KeyError: 'source'"]
    assert "widgets" not in page.metadata
    assert len(notebook.cells[1].outputs) == 4 and "widgets" in notebook.metadata  # the input is unchanged


def test_the_log_has_standard_error_and_the_traceback_by_cell():
    _, log = split_log(executed_notebook())
    assert log.splitlines() == [
        "--- In [4] (cell 2 of the executed notebook): standard error",
        "/home/me/.venv/lib/x.py:3: FutureWarning: soon",
        "",
        "--- In [4] (cell 2 of the executed notebook): error",
        "Traceback",
        'File "/home/me/src/helpers/x.py", line 2',
        "KeyError: 'source'",
    ]


def test_a_quiet_notebook_has_no_log():
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("1", execution_count=1)
    cell.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "1"}, execution_count=1)]
    notebook.cells = [cell]
    assert split_log(notebook)[1] == ""
