"""A large XLSForm for svar-bench's questionnaire import benchmark (bench/src/form_import.rs).

Usage: python make_big_form.py OUT.xlsx [QUESTIONS] [LANGUAGES]
Writes QUESTIONS questions (default 1,000) in repeat groups of 20 (50 for 1,000), each a
field-list page per instance, with labels, hints and choice labels in LANGUAGES languages
(default 20): selects on ten shared lists, integers with constraints and messages, texts, a
relevant on every fifth question and a calculate per repeat. Every other repeat has a
`repeat_count` of 3; the others are added to by the respondent.
Needs openpyxl (which pyxform installs).
"""

import sys

from openpyxl import Workbook

CODES = ["sv", "en", "ar", "fa", "fi", "de", "fr", "es", "it", "pl",
         "ru", "tr", "so", "ti", "pt", "nl", "da", "nb", "ku", "uk"]
PAGE = 20


def main():
    out = sys.argv[1]
    questions = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    languages = CODES[: int(sys.argv[3]) if len(sys.argv) > 3 else 20]
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    labels = [f"label::Language {code} ({code})" for code in languages]
    hints = [f"hint::Language {code} ({code})" for code in languages]
    messages = [f"constraint_message::Language {code} ({code})" for code in languages]
    survey.append(["type", "name", "relevant", "constraint", "calculation", "appearance",
                   "required"] + labels + hints + messages + ["repeat_count"])
    blank_texts = [""] * (3 * len(languages))
    for number in range(questions):
        if number % PAGE == 0:
            page = number // PAGE
            survey.append(["begin_repeat", f"page_{page}", "", "", "", "field-list", ""]
                          + [f"Page {page} ({code})" for code in languages]
                          + [""] * (2 * len(languages))
                          + ["3" if page % 2 == 0 else ""])
        kind = number % 3
        name = f"q{number}"
        relevant = f"${{q{number - 1}}} != ''" if number % 5 == 4 else ""
        texts = ([f"Question {number} in {code}: how often do you meet your neighbours?"
                  for code in languages]
                 + [f"Hint {number} ({code})" for code in languages])
        if kind == 0:
            row = [f"select_one list_{number % 10}", name, relevant, "", "", "", "yes"]
            survey.append(row + texts + [""] * len(languages))
        elif kind == 1:
            row = ["integer", name, relevant, ". >= 0 and . <= 120", "", "", ""]
            survey.append(row + texts + [f"0 to 120 ({code})" for code in languages])
        else:
            row = ["text", name, relevant, "", "", "", ""]
            survey.append(row + texts + [""] * len(languages))
        if number % PAGE == PAGE - 1 or number == questions - 1:
            survey.append(["calculate", f"sum_{number // PAGE}", "", "",
                           f"${{q{number - 1}}} + 1", "", ""] + blank_texts)
            survey.append(["end_repeat", "", "", "", "", "", ""] + blank_texts)
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name"] + labels)
    for list_number in range(10):
        for choice in range(5):
            choices.append([f"list_{list_number}", f"c{choice}"]
                           + [f"Choice {choice} ({code})" for code in languages])
    settings = book.create_sheet("settings")
    settings.append(["form_id", "form_title", "version", "default_language"])
    settings.append(["big_form", "A large form", "1", "Language sv (sv)"])
    book.save(out)


main()
