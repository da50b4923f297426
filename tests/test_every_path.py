"""Every path through every shipped flow: each ends at an outcome (or hands over to another flow,
whose own paths are walked from its start), and every node is on some path."""

from __future__ import annotations

import pytest

from conftest import paths_of, shipped_bundle
from imguide.core.engine.walks import candidate_answers

BUNDLE = shipped_bundle()


@pytest.mark.parametrize("flow_id", sorted(BUNDLE.flows))
def test_every_path_ends_well_and_covers_every_node(flow_id):
    flow = BUNDLE.flows[flow_id]
    paths = paths_of(flow_id)
    assert paths, "no path at all"
    stuck = [p for p in paths if p.stuck_at]
    assert not stuck, f"paths stop without an outcome at: {sorted({p.stuck_at for p in stuck})}"
    for path in paths:
        assert path.outcome or path.jumps_to or path.loops_to or path.joins, path
        if path.outcome:
            assert BUNDLE.nodes[path.outcome].kind == "outcome"
        if path.jumps_to:
            assert path.jumps_to in BUNDLE.flows
    covered = {node for path in paths for node in path.nodes}
    missing = sorted(set(flow.nodes) - covered)
    assert not missing, f"nodes on no path: {missing}"
    assert any(p.outcome for p in paths) or any(p.jumps_to for p in paths)


def test_every_flow_can_be_reached_from_start():
    reached, todo = {"start"}, ["start"]
    while todo:
        for path in paths_of(todo.pop()):
            if path.jumps_to and path.jumps_to not in reached:
                reached.add(path.jumps_to)
                todo.append(path.jumps_to)
    assert reached == set(BUNDLE.flows)


def test_every_question_has_candidate_answers():
    for node in BUNDLE.nodes.values():
        if node.is_question:
            assert candidate_answers(node), node.id
