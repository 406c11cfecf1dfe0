# Markdown table cells both summaries write (markdown.jq for one account,
# organization-markdown.jq for every account of an organization).

include "common";

# md escapes text for a Markdown table cell: punctuation that would format,
# link, open HTML or end the cell, and line breaks.
def md: printable | gsub("(?<c>[\\\\`*_\\[\\]<>|#&])"; "\\\(.c)") | gsub("\r?\n"; "<br>");

# code renders an offender name as code, with the cell separator escaped.
def code: "`" + gsub("\\|"; "\\|") + "`";

# At most this many offenders per row; the rest are counted.
def max_offenders: 10;

def offenders_cell:
  if length == 0 then "-"
  else (.[:max_offenders] | map(code) | join(", "))
       + (if length > max_offenders then " and \(length - max_offenders) more" else "" end)
  end;

def status_word: {"PASS": "passed", "FAIL": "failed", "UNKNOWN": "unknown", "MANUAL": "manual", "EXCEPTED": "excepted"}[.];

def icon: {"PASS": "✅", "FAIL": "❌", "UNKNOWN": "❔", "MANUAL": "📝", "EXCEPTED": "☑️"}[.] // "❌";
