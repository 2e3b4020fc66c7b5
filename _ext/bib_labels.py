"""Author-year labels in the bibliography, to match author-year citations.

The book cites as "Davis and Goadrich, 2006" (``bibtex_reference_style:
author_year``); pybtex's own label styles would list the same entry as [DG06].
This registers the pybtex formatting style ``author_year_labels``: the ``plain``
style with labels such as "Davis & Goadrich 2006" or "Boyd et al. 2013", and a
letter after the year when two entries would share a label.
"""

from collections import Counter
from string import ascii_lowercase

from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle


def _surname(person) -> str:
    latex = " ".join(person.prelast_names + person.last_names)
    return Text.from_latex(latex).render_as("text").strip("{} ")


class AuthorYearLabelStyle(BaseLabelStyle):
    """Labels "A 2006", "A & B 2006", "A et al. 2013"."""

    def format_labels(self, sorted_entries):
        entries = list(sorted_entries)
        labels = [self._label(entry) for entry in entries]
        counts = Counter(labels)
        seen = Counter()
        for label in labels:
            if counts[label] > 1:
                yield label + ascii_lowercase[seen[label]]
                seen[label] += 1
            else:
                yield label

    @staticmethod
    def _label(entry) -> str:
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [_surname(p) for p in people]
        if not names:
            who = entry.key
        elif len(names) == 1:
            who = names[0]
        elif len(names) == 2:
            who = f"{names[0]} & {names[1]}"
        else:
            who = f"{names[0]} et al."
        return f"{who} {entry.fields.get('year', 'n.d.')}"


class AuthorYearLabelsStyle(PlainStyle):
    """pybtex's ``plain`` formatting with `AuthorYearLabelStyle` labels."""

    default_label_style = AuthorYearLabelStyle


register_plugin("pybtex.style.labels", "author_year_labels", AuthorYearLabelStyle)
register_plugin("pybtex.style.formatting", "author_year_labels", AuthorYearLabelsStyle)


def setup(app) -> dict:
    """Nothing to connect: importing the module registers the pybtex styles."""
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
