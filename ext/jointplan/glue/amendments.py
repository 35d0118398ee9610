"""Amendments in Sphinx: the ``ivp:amendment`` directive, its checks and references.

An amendment is declared where the plan keeps its council records::

    ::::{ivp:amendment} A1
    :council: voorbeeldstad
    :submitters: J. Jansen (fractie A), P. de Vries (fractie B)
    :date: 2018-12-20
    :status: aangenomen
    :paragraph: p-k3x9qa
    :old: ten minste eenmaal per jaar
    :new: ten minste twee keer per jaar

    Toelichting: waarom de raad dit wil.
    ::::

``:add-choice:`` / ``:drop-choice:`` (a priority id) change the council's
choices instead; ``:amends: A1`` makes a sub-amendment of A1. The records
are kept by the ``ivp-text`` domain (:mod:`jointplan.glue.paragraphs`) and
checked once all chapters are read (:func:`jointplan.plan.amendments.problems`).
``{ivp:amendment}`voorbeeldstad/A1``` links to one.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.locale import get_translation

from ..checks.warnings import PlanWarning, suggestion
from ..plan import words
from ..plan.amendments import NUMBER_PATTERN, STATUSES, Amendment
from ..plan.model import DECISION_PATTERN, ID_PATTERN, Location
from ..plan.paragraphs import PARAGRAPH_ID
from ..plan.views import choice_anchor
from .directives import PlanDirective
from .nodes import deleted, inserted
from .paragraphs import TextDomain, TextRole, text_domain

_ = get_translation("jointplan")


def municipality_link(municipality_id: str) -> addnodes.pending_xref:
    """A reference to a municipality, resolved (to its name) like the authors' own."""
    node = addnodes.pending_xref("", nodes.inline(municipality_id, municipality_id),
                                 refdomain="ivp", reftype="municipality",
                                 reftarget=municipality_id, refexplicit=False,
                                 refwarn=False, ivp_checked=True)
    return node


def changed_text(old: str, new: str) -> list[nodes.paragraph]:
    """The text that goes, struck through, and the text that comes, underlined;
    each said in words too, so the change reads without colour or lines."""
    result = []
    for label, text, marked in ((words.AMENDMENT_OLD, old, deleted),
                                (words.AMENDMENT_NEW, new, inserted)):
        if text:
            result.append(nodes.paragraph(
                "", "", nodes.strong(label, label), nodes.Text(" "), marked(text)))
    return result


class AmendmentDirective(PlanDirective):
    """Declares one amendment of a council, and shows it where it stands."""

    optional_arguments = 1
    has_content = True
    option_spec = {option: directives.unchanged for option in (
        "council", "submitters", "date", "status", "paragraph", "old", "new",
        "add-choice", "drop-choice", "amends")}

    def run(self) -> list[nodes.Node]:
        number = (self.arguments[0] if self.arguments else "").strip()
        if not NUMBER_PATTERN.fullmatch(number):
            self.warn(PlanWarning.AMENDMENT,
                      _("'{number}' is no valid number of an amendment; write it as A1, A2, "
                        "A2a after the name of the directive.").format(number=number))
            return []
        council = self.required("council")
        if council is not None and not ID_PATTERN.fullmatch(council):
            self.warn(PlanWarning.AMENDMENT, _(
                ":council: '{council}' is no id of a municipality; use the id from its "
                "chapter, such as 'voorbeeldstad'.").format(council=council))
            council = None
        status = (self.options.get("status") or "ingediend").strip()
        if status not in STATUSES:
            self.warn(PlanWarning.AMENDMENT,
                      _(":status: must be one of {statuses}, not '{status}'.").format(
                          statuses=", ".join(STATUSES), status=status)
                      + suggestion(status, STATUSES))
            status = "ingediend"
        date = (self.options.get("date") or "").strip()
        if date and not DECISION_PATTERN.fullmatch(date):
            self.warn(PlanWarning.AMENDMENT,
                      _(":date: must be a date such as 2018-12-20 or a month such as 2019-01, "
                        "not '{date}'.").format(date=date))
            date = ""
        paragraph = (self.options.get("paragraph") or "").strip()
        if paragraph and not PARAGRAPH_ID.fullmatch(paragraph):
            self.warn(PlanWarning.AMENDMENT,
                      _(":paragraph: '{paragraph}' is no paragraph id; name the id at the start "
                        "of the paragraph, such as p-k3x9qa.").format(paragraph=paragraph))
        old = " ".join((self.options.get("old") or "").split())
        new = " ".join((self.options.get("new") or "").split())
        add, drop = ((self.options.get(o) or "").strip() for o in ("add-choice", "drop-choice"))
        amends = (self.options.get("amends") or "").strip()
        if not (paragraph or add or drop or amends):
            self.warn(PlanWarning.AMENDMENT,
                      _("the amendment changes nothing; name a paragraph (:paragraph: with "
                        ":old: and :new:), a priority the council adds (:add-choice:) or drops "
                        "(:drop-choice:), or the amendment this sub-amendment changes "
                        "(:amends:)."))
        if (paragraph or amends) and not (old or new):
            self.warn(PlanWarning.AMENDMENT,
                      _("give the text that goes (:old:) and the new text (:new:)."))
        content = self.parse_content()
        if council is None:
            return content
        amendment = Amendment(
            number=number, council=council, location=Location(*self.location),
            status=status, date=date,
            submitters=tuple(s.strip() for s in (self.options.get("submitters") or "")
                             .split(",") if s.strip()),
            paragraph=paragraph, old=old, new=new, add_choice=add, drop_choice=drop,
            amends=amends, explanation=" ".join(n.astext() for n in content))
        text_domain(self.env).note_amendment(amendment)
        return [self.render(amendment, content)]

    def render(self, amendment: Amendment, content: list[nodes.Node]) -> nodes.Element:
        box = nodes.container(classes=["ivp-amendment"], ids=[amendment.anchor])
        if amendment.add_choice:
            # In the council's adopted text the choice it adds stands here
            # (plan.adopted.amended_plan), so its tables' links land on this box.
            box["ids"].append(choice_anchor(amendment.council, amendment.add_choice))
        self.set_source_info(box)
        title = words.amendment_title(amendment.number)
        box += nodes.rubric(title, title, classes=["ivp-heading"])
        facts = nodes.field_list(classes=["ivp-profile"])

        def fact(label: str, *value: nodes.Node) -> None:
            facts.append(nodes.field("", nodes.field_name(label, label),
                                     nodes.field_body("", nodes.paragraph("", "", *value))))

        fact(words.AMENDMENT_COUNCIL, municipality_link(amendment.council))
        fact(words.STATUS, nodes.Text(amendment.status))
        if amendment.submitters:
            fact(words.AMENDMENT_SUBMITTERS, nodes.Text(", ".join(amendment.submitters)))
        if amendment.date:
            fact(words.DATE, nodes.Text(words.decision_date(amendment.date)))
        if amendment.paragraph:
            target = addnodes.pending_xref(
                "", nodes.inline(amendment.paragraph, amendment.paragraph),
                refdomain=TextDomain.name, reftype="paragraph",
                reftarget=amendment.paragraph, refexplicit=False, refwarn=False,
                ivp_checked=True)
            fact(words.AMENDMENT_CHANGES, target)
        if amendment.amends:
            fact(words.AMENDMENT_AMENDS, nodes.Text(amendment.amends))
        for label, priority in ((words.AMENDMENT_ADDS, amendment.add_choice),
                                (words.AMENDMENT_DROPS, amendment.drop_choice)):
            if priority:
                fact(label, addnodes.pending_xref(
                    "", nodes.inline(priority, priority), refdomain="ivp",
                    reftype="priority", reftarget=priority, refexplicit=False,
                    refwarn=False, ivp_checked=True))
        box += facts
        if amendment.old or amendment.new:
            box.extend(changed_text(amendment.old, amendment.new))
        if content:
            box += nodes.rubric(words.AMENDMENT_EXPLANATION, words.AMENDMENT_EXPLANATION,
                                classes=["ivp-heading"])
            box.extend(content)
        return box


def setup_amendments(app: Sphinx) -> None:
    app.add_directive_to_domain("ivp", "amendment", AmendmentDirective)
    app.add_role_to_domain("ivp", "amendment", TextRole())
