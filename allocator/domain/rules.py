"""The rule table: one stable id per rule, used in code, checker, tests, Violations and README.

Each rule says whether it is always hard, configurable (a ``*_rule`` setting chooses
hard, soft or off), or a soft goal; what it means in plain English; and its weight
in the objective. Objectives are in priority order: unallocated cases (by risk)
and hard-rule breaches, then cap excess, then continuity, then recommendation and
balance. The weights below keep that order: one unit of a higher tier outweighs
any realistic amount of every tier below it.
"""

from __future__ import annotations

from dataclasses import dataclass

from allocator.domain.enums import Rosh, RuleMode
from allocator.domain.settings import Settings

ALWAYS_HARD = "hard (always)"
CONFIGURABLE = "hard by default"
SOFT_GOAL = "soft"
REPORTED = "reported"


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of the allocation."""

    id: str
    kind: str
    text: str
    weight: str = ""
    setting: str = ""


UNALLOCATED = "unallocated"
COM_UNALLOCATED = "com_unallocated"
MISSING_INFORMATION = "missing_information"
INVALID_DATA = "invalid_data"
RESTRICTED_TO = "restricted_to"
WAITING_TIME = "waiting_time"
RIGHT_LOCATION = "right_location"
ACTIVE_STAFF = "active_staff"
EXCLUDED_STAFF = "excluded_staff"
INACTIVE_HOLDS_CASES = "inactive_holds_cases"
PINNED = "pinned"
HIGH_RISK = "high_risk_needs_qualified"
CASELOAD_CAP = "caseload_cap"
POINTS_CAP = "points_cap"
SPO_SPAN = "spo_span"
CONTINUITY = "continuity"
RECOMMENDED_TYPE = "recommended_type"
BALANCE = "balance"
SPREAD_NEW = "spread_new_cases"
PEAK_UTILISATION = "peak_utilisation"
SPREAD_COMPLEXITY = "spread_complexity"
COM_GRADE = "com_grade_preference"
SPO_HIGH_RISK_CAP = "spo_high_risk_cap"
CASE_MANAGEMENT_SUPPORT = "case_management_support"

# Objective weights (integers, per unit named in each rule's text).
W_UNALLOCATED = 100_000  # per case, times the risk weight
W_COM_UNALLOCATED = 50_000  # per case, times the risk weight
RISK_WEIGHT = {None: 1, Rosh.LOW: 1, Rosh.MEDIUM: 2, Rosh.HIGH: 3, Rosh.VERY_HIGH: 4}
W_HIGH_RISK = {RuleMode.HARD: 20_000, RuleMode.SOFT: 2_000}  # per case (hard: only if pinned)
W_CASES_OVER = {RuleMode.HARD: 5_000, RuleMode.SOFT: 500}  # per case over the cap
W_POINTS_OVER = {RuleMode.HARD: 50, RuleMode.SOFT: 5}  # per point over capacity
W_MOVE = (300, 600, 900)  # a voluntary move: base, release within 12 months, within 6
W_NOT_PREVIOUS = 200  # a new POM chosen although a previous POM could take the case
W_AGAINST_PROBATION = 100  # a probation POM recommended, a prison POM given
W_AGAINST_PRISON = 30  # a prison POM recommended, a probation POM given
BALANCE_BANDS = ((70, 1), (85, 1), (100, 2))  # per point above this % of capacity (cumulative)
W_SPREAD_NEW = 20  # per case: the most new cases any one POM of a prison takes this run
W_SPREAD_COMPLEXITY = 20  # per case: the most high-complexity cases one POM holds
# Per tenth of a percentage point of the highest utilisation above 100 % in a prison (POMs)
# or an LDU (COMs): 20 a percentage point. Points over capacity cost the same wherever they
# land, so without this term a team already over could see one person take far more than
# the rest; it never outweighs a point over someone else's capacity (50) or a move (300).
W_PEAK = 2
PEAK_STEPS = 1000  # utilisation counted in tenths of a percentage point: 1,000 = 100 %
W_COM_GRADE = {"PO": 0, "PSO": 10, "PQiP": 20}  # per newly allocated COM case
W_SPO_HIGH_RISK = 500  # per high-risk case over an SPO team's cap
W_CMS = 150  # per co-worked case: used only where it relieves real pressure
W_WAITING = 50  # per whole week a case left without a POM has waited since arrival_date
WAITING_WEEKS_MAX = 52  # waiting counts up to a year: far below one risk level (100,000)


RULES: tuple[Rule, ...] = (
    Rule(
        UNALLOCATED,
        ALWAYS_HARD,
        "Every in-scope, allocatable case has a POM in its prison.",
        f"{W_UNALLOCATED:,} per case x risk (low 1, medium 2, high 3, very high 4)",
    ),
    Rule(
        COM_UNALLOCATED,
        ALWAYS_HARD,
        "Every case whose handover has started has a COM in its home LDU.",
        f"{W_COM_UNALLOCATED:,} per case x risk",
    ),
    Rule(
        MISSING_INFORMATION,
        ALWAYS_HARD,
        "An in-scope case has the tier (and RoSH in RoSH mode, complexity in the women's "
        "estate) needed to allocate it.",
        "reported; the case cannot be allocated",
    ),
    Rule(
        INVALID_DATA,
        ALWAYS_HARD,
        "A Cases row with invalid data (an unknown or impossible value, dates out of order, a "
        "staff id that cannot be used) is left out of the allocation (quarantined) until it is "
        "corrected; the violation names each cell.",
        "reported; the case is not allocated",
    ),
    Rule(
        RIGHT_LOCATION,
        ALWAYS_HARD,
        "A POM works in the case's prison; a COM in its LDU.",
        "never broken by the allocator",
    ),
    Rule(
        ACTIVE_STAFF,
        ALWAYS_HARD,
        "Only active staff take new cases (unavailable staff keep what they hold).",
        "never broken by the allocator",
    ),
    Rule(
        EXCLUDED_STAFF,
        ALWAYS_HARD,
        "A case never goes to staff in its excluded_staff.",
        "never broken (except a pinned case, reported)",
    ),
    Rule(
        INACTIVE_HOLDS_CASES,
        ALWAYS_HARD,
        "Inactive staff hold no cases: every case they hold is re-allocated.",
        "never broken (except a pinned case, reported)",
    ),
    Rule(
        RESTRICTED_TO,
        ALWAYS_HARD,
        "A restricted-access case (restricted_to) is held, and co-worked, only by the staff "
        "it names.",
        "never broken (except a pinned case, reported)",
    ),
    Rule(PINNED, ALWAYS_HARD, "A pinned case keeps its current POM and COM.", "never broken"),
    Rule(
        HIGH_RISK,
        CONFIGURABLE,
        "RoSH high or very high needs a PO-grade POM, and a PO-grade COM.",
        f"hard: {W_HIGH_RISK[RuleMode.HARD]:,} (pinned only); soft: "
        f"{W_HIGH_RISK[RuleMode.SOFT]:,} per case",
        "high_risk_rule",
    ),
    Rule(
        CASELOAD_CAP,
        CONFIGURABLE,
        "A POM holds at most cap x FTE cases (PO and prison-officer caps; max_cases and "
        "reduction hours honoured).",
        f"hard: {W_CASES_OVER[RuleMode.HARD]:,}, soft: {W_CASES_OVER[RuleMode.SOFT]} per case over",
        "caseload_cap_rule",
    ),
    Rule(
        POINTS_CAP,
        CONFIGURABLE,
        "Workload points held (with other_points) stay within capacity = points per FTE x "
        "(FTE - reduction hours / hours per FTE).",
        f"hard: {W_POINTS_OVER[RuleMode.HARD]}, soft: {W_POINTS_OVER[RuleMode.SOFT]} per point "
        "over",
        "points_cap_rule",
    ),
    Rule(
        SPO_SPAN,
        REPORTED,
        "An SPO's team is at most 14 FTE in a prison, 10 in the community (headcount shown).",
        "reported (staffing, not allocation)",
        "spo_span_prison_fte",
    ),
    Rule(
        CONTINUITY,
        SOFT_GOAL,
        "Keep each case with its current worker unless a rule forces a move; prefer a POM who "
        "held the case before.",
        f"move {W_MOVE[0]} (within 12 months of release {W_MOVE[1]}, 6 months {W_MOVE[2]}); "
        f"previous POM passed over {W_NOT_PREVIOUS}",
    ),
    Rule(
        WAITING_TIME,
        SOFT_GOAL,
        "Among cases that cannot all be given a POM, the longest-waiting (since arrival_date) "
        "go first; the wait of a case left without a POM is reported.",
        f"{W_WAITING} per whole week waited (up to {WAITING_WEEKS_MAX}) by a case left "
        "without a POM, on top of unallocated",
    ),
    Rule(
        RECOMMENDED_TYPE,
        SOFT_GOAL,
        "A case gets the recommended kind of POM.",
        f"probation recommended, prison given {W_AGAINST_PROBATION}; the reverse "
        f"{W_AGAINST_PRISON}",
    ),
    Rule(
        BALANCE,
        SOFT_GOAL,
        "Workload is spread across a team.",
        "per point above 70 % of capacity 1, above 85 % 2, above 100 % 4",
    ),
    Rule(
        SPREAD_NEW,
        SOFT_GOAL,
        "No one POM takes all of this week's new cases.",
        f"{W_SPREAD_NEW} per case of the largest share in a prison",
    ),
    Rule(
        PEAK_UTILISATION,
        SOFT_GOAL,
        "When a team is over capacity, no one person's utilisation stands far above the rest.",
        f"{W_PEAK} per tenth of a percentage point ({10 * W_PEAK} per point) of the highest "
        "utilisation above 100 % in a prison (POMs) or an LDU (COMs)",
    ),
    Rule(
        SPREAD_COMPLEXITY,
        SOFT_GOAL,
        "High-complexity cases in the women's estate are spread across POMs.",
        f"{W_SPREAD_COMPLEXITY} per case of the largest share in a prison",
    ),
    Rule(
        COM_GRADE,
        SOFT_GOAL,
        "New COM cases go to a PO before a PSO before a PQiP.",
        f"PSO {W_COM_GRADE['PSO']}, PQiP {W_COM_GRADE['PQiP']} per case",
    ),
    Rule(
        SPO_HIGH_RISK_CAP,
        SOFT_GOAL,
        "Optional: high-risk cases per SPO team stay within a cap (countersigning load).",
        f"{W_SPO_HIGH_RISK} per case over",
        "spo_high_risk_cap",
    ),
    Rule(
        CASE_MANAGEMENT_SUPPORT,
        CONFIGURABLE,
        "Optional co-working: a prison (non-PO) POM of the same prison, active and not excluded, "
        "co-works a high-risk case held by a PO POM and carries cms_share_pct of its points.",
        f"{W_CMS} per co-worked case; co-working that breaks the rule is a hard violation",
        "case_management_support",
    ),
)
RULES_BY_ID = {rule.id: rule for rule in RULES}


# Deployment planning (allocator deploy). The plan is optimised in stages, each proven
# optimal before the next starts: hard-rule slack, posts filled, preferences, selection
# scores, LDU balance. Shadow caseloads are a second, small model with the weights below.
DEPLOY_CHOICE = "deploy_choice"
POSTS_FTE = "posts_fte"
LDU_MIN_FTE = "ldu_min_fte"
LDU_MAX_LEAVERS = "ldu_max_leavers"
LDU_FAIR_SHARE = "ldu_fair_share"
POSTS_FILLED = "posts_filled"
PREFERENCE = "preference"
SELECTION_SCORE = "selection_score"
LDU_BALANCE = "ldu_balance"
SHADOW_CASE = "shadow_case"
SHADOW_SHORTFALL = "shadow_shortfall"
SHADOW_TOO_FEW_CASES = "shadow_too_few_cases"
SHADOW_CONTINUITY = "shadow_continuity"

W_SHADOW_NONE = 1_000  # an officer with no shadow case although an eligible case exists
W_SHADOW_SHORT = 100  # per shadow case below the officer's target
W_SHADOW_MOVE = 30  # per shadow case taken from another COM who could keep it
W_SHADOW_CASES_OVER_SOFT = 50  # per case over the cap, when caseload_cap_rule is soft
W_SHADOW_POINTS_OVER_SOFT = 1  # per point over capacity, when points_cap_rule is soft

DEPLOY_RULES: tuple[Rule, ...] = (
    Rule(
        DEPLOY_CHOICE,
        ALWAYS_HARD,
        "An officer is deployed at most once, only to a prison they chose, into one of its "
        "SPO teams.",
        "never broken",
    ),
    Rule(
        POSTS_FTE,
        ALWAYS_HARD,
        "The FTE of the officers deployed to a prison stays within its posts_fte.",
        "never broken",
    ),
    Rule(
        LDU_MIN_FTE,
        ALWAYS_HARD,
        "An LDU keeps at least its min_fte of COMs in post (status not inactive).",
        "stage 1 (elastic): per 0.01 FTE short; reported when already short before the plan",
    ),
    Rule(
        LDU_MAX_LEAVERS,
        ALWAYS_HARD,
        "No more officers leave an LDU than its max_leavers.",
        "stage 1 (elastic): per officer over, as 1.00 FTE",
    ),
    Rule(
        LDU_FAIR_SHARE,
        ALWAYS_HARD,
        "No LDU gives up a disproportionate share: its vacancies plus leavers stay within "
        "ldu_max_gap_pct % of its establishment (in post + vacancy_fte).",
        "stage 1 (elastic): per 0.01 FTE over",
        "ldu_max_gap_pct",
    ),
    Rule(
        SPO_SPAN,
        ALWAYS_HARD,
        "Deploying officers does not push a receiving SPO team past its span limit in FTE.",
        "stage 1 (elastic): per 0.01 FTE over",
        "spo_span_prison_fte",
    ),
    Rule(
        POSTS_FILLED,
        SOFT_GOAL,
        "Fill as many posts as possible; posts left empty are listed for the next EOI round.",
        "stage 2: FTE filled, maximised",
    ),
    Rule(
        PREFERENCE,
        SOFT_GOAL,
        "First choices first: as much FTE as possible placed at first choices, then at second "
        "choices, and so on.",
        "stage 3: FTE at each preference, maximised in turn",
    ),
    Rule(
        SELECTION_SCORE,
        SOFT_GOAL,
        "Where a prison is oversubscribed, officers with higher selection scores are chosen.",
        "stage 4: sum of score x FTE, maximised (blank = 0)",
    ),
    Rule(
        LDU_BALANCE,
        SOFT_GOAL,
        "Fairness between LDUs: the largest share of its in-post FTE that any LDU gives up is "
        "as small as possible.",
        "stage 5: largest share, in 0.1 %, minimised",
    ),
    Rule(
        SHADOW_CASE,
        ALWAYS_HARD,
        "Before go-live a deployed officer shadows only in-scope cases of their own LDU held in "
        "the prison they will move to, whose state involves a COM, not pinned to another COM, "
        "officer not excluded; one officer per case.",
        "never broken",
    ),
    Rule(
        SHADOW_SHORTFALL,
        SOFT_GOAL,
        "Each officer deployed before go-live shadows shadow_cases cases "
        "(shadow_cases_high_security in a high-security prison), and at least one wherever an "
        "eligible case exists.",
        f"{W_SHADOW_NONE:,} for none, {W_SHADOW_SHORT} per case short",
        "shadow_cases",
    ),
    Rule(
        SHADOW_TOO_FEW_CASES,
        REPORTED,
        "A prison holds too few eligible cases of an LDU for the shadow caseloads of the "
        "officers that LDU sends there.",
        "reported",
    ),
    Rule(
        SHADOW_CONTINUITY,
        SOFT_GOAL,
        "Shadow cases are cases without a COM (or already the officer's) before cases that "
        "have a COM who could keep them.",
        f"{W_SHADOW_MOVE} per case moved",
    ),
)
DEPLOY_RULES_BY_ID = {rule.id: rule for rule in DEPLOY_RULES}


def mode(rule_id: str, settings: Settings) -> RuleMode:
    """How a rule is enforced under these settings (always-hard rules are hard)."""
    setting = {
        HIGH_RISK: "high_risk_rule",
        CASELOAD_CAP: "caseload_cap_rule",
        POINTS_CAP: "points_cap_rule",
    }.get(rule_id)
    if setting:
        return RuleMode(getattr(settings, setting))
    kind = RULES_BY_ID[rule_id].kind
    return RuleMode.SOFT if kind == SOFT_GOAL else RuleMode.HARD


def rules_table(table: tuple[Rule, ...] = RULES) -> str:
    """The README's rule table (Markdown) of the allocation rules, or of another table."""
    lines = [
        "| rule id | kind | rule | weight in the objective | setting |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| `{r.id}` | {r.kind} | {r.text} | {r.weight} | {f'`{r.setting}`' if r.setting else ''} |"
        for r in table
    ]
    return "\n".join(lines) + "\n"
