# Reads TRX reports (dotnet test's XML) and prints one line a test result:
#   OUTCOME<TAB>Namespace.Class.Test<TAB>first line of its message
# Plain awk, so the fresh-machine check (a Debian minbase root, no python) reads reports too.
#   awk -f tests/lib/trx-results.awk artifacts/test-results/*.trx
BEGIN { RS = "<"; FS = "\n" }

function attribute(tag, name,    m) {
    if (match(tag, " " name "=\"[^\"]*\"")) {
        m = substr(tag, RSTART + length(name) + 3, RLENGTH - length(name) - 4)
        return unxml(m)
    }
    return ""
}

function unxml(s) {
    gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&quot;/, "\"", s); gsub(/&apos;/, "'", s)
    gsub(/&#xD;/, "", s); gsub(/&#xA;/, " ", s); gsub(/&amp;/, "\\&", s)
    return s
}

FNR == 1 { file++ }

/^UnitTestResult / {
    n++
    key[n] = file SUBSEP attribute($0, "testId")
    name[n] = attribute($0, "testName")
    outcome[n] = attribute($0, "outcome")
    current = n
    next
}
/^Message>/ && current {
    text = substr($0, 9)
    sub(/^[ \t\r\n]+/, "", text)
    split(text, lines, "\n")
    message[current] = unxml(lines[1])
    next
}
/^\/UnitTestResult>/ { current = 0; next }
/^UnitTest / { test = file SUBSEP attribute($0, "id"); next }
/^TestMethod / && test != "" { class[test] = attribute($0, "className"); test = ""; next }

END {
    for (i = 1; i <= n; i++) {
        full = (key[i] in class && class[key[i]] != "") ? class[key[i]] "." name[i] : name[i]
        printf "%s\t%s\t%s\n", outcome[i], full, message[i]
    }
}
