"""One own-share figure with one wording (grants.summary) on the summary page and the financing
plan; the resources table's shares have one number of decimals and add up to 100 %."""

from __future__ import annotations

import re

from grants.numbers import fmt_percent
from grants.summary import OWN_SHARE_DIGITS, summarize

from .reading import example, export


def test_the_summary_and_the_plan_give_the_own_share_in_one_wording():
    exported = export(example("ville-14-ecoles"))
    ev = exported.evaluation
    share = summarize(example("ville-14-ecoles"), ev.funding, ev.call).own_share
    wording = f"{fmt_percent(share, 'fr', OWN_SHARE_DIGITS)} du financement public"
    summary_row = exported.rows_of("Part de la collectivité")[0][1]
    assert wording in summary_row
    plan = [t for t in exported.texts() if t.startswith("Part de la collectivité :")]
    assert plan and wording in plan[0]
    text = exported.text()
    assert "du coût du projet" not in summary_row
    assert len(set(re.findall(r"(\d+(?:,\d+)? %) du financement public", text))) == 1


def test_the_resources_shares_have_one_number_of_decimals_and_add_up_to_a_hundred():
    exported = export(example("ville-14-ecoles"))
    table = next(t for t in exported.tables() if any("Part du coût" in c.text for c in t.rows[0].cells))
    shares = [row.cells[-1].text for row in table.rows[1:] if row.cells[-1].text.strip().endswith("%")]
    assert len(shares) >= 3
    decimals = {len(s.replace("\u00a0", " ").split(" ")[0].partition(",")[2]) for s in shares}
    assert len(decimals) == 1, shares
    assert shares[-1].replace("\u00a0", " ") == "100 %"
