# jq: a small but real jq look-alike in awk. It parses JSON and supports the
# filters  .  .foo  .foo.bar  ."key"  .[N]  .[]  .foo[N]  keys  length  type
# joined with |, and the options -r (raw strings), -c (compact) and -S (sort keys).
{ lib, stdenv }:

stdenv.mkDerivation rec {
  pname = "jq";
  version = "1.7.1";

  buildCommand = ''
    mkdir -p $out/share/jq
    cat > $out/share/jq/jq.awk <<'EOF_AWK'
    function fail(msg) { print "jq: error: " msg > "/dev/stderr"; failed = 1; exit 5 }
    function skipws() { while (pos <= len && index(" \t\r\n", substr(src, pos, 1))) pos++ }
    function node(t, v) { nn++; type[nn] = t; val[nn] = v; cnt[nn] = 0; return nn }
    function pstring(   rest) {
      rest = substr(src, pos)
      if (!match(rest, /^"([^"\\]|\\.)*"/)) fail("invalid JSON string at offset " pos)
      pos += RLENGTH
      return substr(rest, 1, RLENGTH)
    }
    function pvalue(   c, id, k, rest) {
      skipws(); c = substr(src, pos, 1)
      if (c == "{") {
        pos++; id = node("object", ""); skipws()
        if (substr(src, pos, 1) == "}") { pos++; return id }
        while (1) {
          skipws(); if (substr(src, pos, 1) != "\"") fail("object key expected at offset " pos)
          k = pstring(); skipws()
          if (substr(src, pos, 1) != ":") fail("':' expected at offset " pos)
          pos++; cnt[id]++; key[id, cnt[id]] = k; kid[id, cnt[id]] = pvalue(); skipws()
          c = substr(src, pos, 1); pos++
          if (c == "}") return id
          if (c != ",") fail("',' or '}' expected at offset " (pos - 1))
        }
      }
      if (c == "[") {
        pos++; id = node("array", ""); skipws()
        if (substr(src, pos, 1) == "]") { pos++; return id }
        while (1) {
          cnt[id]++; kid[id, cnt[id]] = pvalue(); skipws()
          c = substr(src, pos, 1); pos++
          if (c == "]") return id
          if (c != ",") fail("',' or ']' expected at offset " (pos - 1))
        }
      }
      if (c == "\"") return node("string", pstring())
      if (substr(src, pos, 4) == "true") { pos += 4; return node("boolean", "true") }
      if (substr(src, pos, 5) == "false") { pos += 5; return node("boolean", "false") }
      if (substr(src, pos, 4) == "null") { pos += 4; return node("null", "null") }
      rest = substr(src, pos)
      if (match(rest, /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/)) { pos += RLENGTH; return node("number", substr(rest, 1, RLENGTH)) }
      fail("invalid JSON text at offset " pos)
    }
    function unescape(s,   out, i, c, n) {
      s = substr(s, 2, length(s) - 2); out = ""
      for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (c != "\\") { out = out c; continue }
        i++; c = substr(s, i, 1)
        if (c == "n") out = out "\n"; else if (c == "t") out = out "\t"
        else if (c == "r") out = out "\r"; else if (c == "b") out = out "\b"
        else if (c == "f") out = out "\f"
        else if (c == "u") {
          n = hex(substr(s, i + 1, 4))
          if (n < 128) out = out sprintf("%c", n); else out = out "\\u" substr(s, i + 1, 4)
          i += 4
        } else out = out c
      }
      return out
    }
    function hex(h,   i, n) { n = 0; h = tolower(h); for (i = 1; i <= length(h); i++) n = n * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1; return n }
    function quote(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/\n/, "\\n", s); gsub(/\t/, "\\t", s); return "\"" s "\"" }
    function order(id, idx,   i, j, t) {  # child order of an object, optionally sorted by key
      for (i = 1; i <= cnt[id]; i++) idx[i] = i
      if (sortkeys != 1 || type[id] != "object") return
      for (i = 2; i <= cnt[id]; i++) for (j = i; j > 1 && key[id, idx[j - 1]] > key[id, idx[j]]; j--) { t = idx[j]; idx[j] = idx[j - 1]; idx[j - 1] = t }
    }
    function dump(id, ind,   s, i, pad, pad2, sep, idx) {
      if (type[id] != "object" && type[id] != "array") return val[id]
      if (cnt[id] == 0) return type[id] == "object" ? "{}" : "[]"
      order(id, idx)
      pad = (compact == 1) ? "" : "\n" ind "  "; pad2 = (compact == 1) ? "" : "\n" ind
      s = type[id] == "object" ? "{" : "["
      for (i = 1; i <= cnt[id]; i++) {
        s = s (i > 1 ? "," : "") pad
        if (type[id] == "object") s = s key[id, idx[i]] ((compact == 1) ? ":" : ": ")
        s = s dump(kid[id, idx[i]], ind "  ")
      }
      return s pad2 (type[id] == "object" ? "}" : "]")
    }
    # apply one filter stage to the stream in[1..n]; result in res[1..]
    function stage(f, n,   i, j, k, m, cur, tmp, step, name, id, r, kk) {
      gsub(/^ +| +$/, "", f)
      for (i = 1; i <= n; i++) cur[i] = in_[i]
      m = n
      if (f == "keys" || f == "length" || f == "type") {
        for (i = 1; i <= m; i++) {
          id = cur[i]
          if (f == "type") res[i] = node("string", quote(type[id]))
          else if (f == "length") {
            if (type[id] == "object" || type[id] == "array") r = cnt[id]
            else if (type[id] == "string") r = length(unescape(val[id]))
            else if (type[id] == "null") r = 0
            else if (type[id] == "number") r = (val[id] + 0 < 0) ? -val[id] : val[id] + 0
            else fail("boolean (" val[id] ") has no length")
            res[i] = node("number", r)
          } else {
            if (type[id] == "array") { r = node("array", ""); for (j = 1; j <= cnt[id]; j++) { cnt[r]++; kid[r, cnt[r]] = node("number", j - 1) } }
            else if (type[id] == "object") {
              kk = sortkeys; sortkeys = 1; order(id, tmp); sortkeys = kk
              r = node("array", ""); for (j = 1; j <= cnt[id]; j++) { cnt[r]++; kid[r, cnt[r]] = node("string", key[id, tmp[j]]) }
            } else fail(type[id] " (" val[id] ") has no keys")
            res[i] = r
          }
        }
        return m
      }
      if (substr(f, 1, 1) != ".") fail("unsupported filter: " f)
      f = substr(f, 2)
      while (f != "") {
        if (match(f, /^[A-Za-z_][A-Za-z0-9_]*/) || match(f, /^"[^"]*"/)) {
          name = substr(f, 1, RLENGTH); f = substr(f, RLENGTH + 1)
          if (substr(name, 1, 1) != "\"") name = "\"" name "\""
          step = "key"
        } else if (match(f, /^\[-?[0-9]+\]/)) {
          name = substr(f, 2, RLENGTH - 2) + 0; f = substr(f, RLENGTH + 1); step = "index"
        } else if (substr(f, 1, 2) == "[]") {
          f = substr(f, 3); step = "each"
        } else fail("unsupported filter syntax near: " f)
        if (substr(f, 1, 1) == ".") f = substr(f, 2)
        k = 0
        for (i = 1; i <= m; i++) {
          id = cur[i]
          if (step == "each") {
            if (type[id] != "object" && type[id] != "array") fail("Cannot iterate over " type[id])
            for (j = 1; j <= cnt[id]; j++) tmp[++k] = kid[id, j]
          } else if (type[id] == "null") {
            tmp[++k] = id
          } else if (step == "key") {
            if (type[id] != "object") fail("Cannot index " type[id] " with " name)
            r = node("null", "null")
            for (j = 1; j <= cnt[id]; j++) if (key[id, j] == name) r = kid[id, j]
            tmp[++k] = r
          } else {
            if (type[id] != "array") fail("Cannot index " type[id] " with number")
            j = name < 0 ? cnt[id] + name + 1 : name + 1
            tmp[++k] = (j >= 1 && j <= cnt[id]) ? kid[id, j] : node("null", "null")
          }
        }
        m = k
        for (i = 1; i <= m; i++) cur[i] = tmp[i]
      }
      for (i = 1; i <= m; i++) res[i] = cur[i]
      return m
    }
    { src = src $0 "\n" }
    END {
      if (failed) exit 5
      len = length(src); pos = 1
      nstages = split(filter, stages, "|")
      while (1) {
        skipws(); if (pos > len) break
        n = 1; in_[1] = pvalue()
        for (s = 1; s <= nstages; s++) { n = stage(stages[s], n); for (i = 1; i <= n; i++) in_[i] = res[i] }
        for (i = 1; i <= n; i++) {
          if (raw == 1 && type[in_[i]] == "string") print unescape(val[in_[i]])
          else print dump(in_[i], "")
        }
      }
    }
    EOF_AWK

    writeProgram $out/bin/jq <<EOF_JQ
    script="$out/share/jq/jq.awk"
    EOF_JQ
    cat >> $out/bin/jq <<'EOF_JQ'
    raw=0; compact=0; sortkeys=0; filter=""
    while [ $# -gt 0 ]; do
      case "$1" in
        --version) echo "jq-${version}"; exit 0;;
        -h|--help) echo "Usage: jq [-r] [-c] [-S] FILTER [FILE...]"; exit 0;;
        -r|--raw-output) raw=1;;
        -c|--compact-output) compact=1;;
        -S|--sort-keys) sortkeys=1;;
        -rc|-cr) raw=1; compact=1;;
        --) shift; break;;
        -*) echo "jq: Unknown option: $1" >&2; exit 2;;
        *) break;;
      esac
      shift
    done
    [ $# -gt 0 ] || { echo "Usage: jq [-r] [-c] [-S] FILTER [FILE...]" >&2; exit 2; }
    filter=$1; shift
    exec awk -v filter="$filter" -v raw=$raw -v compact=$compact -v sortkeys=$sortkeys -f "$script" "$@"
    EOF_JQ
  '';

  meta = {
    description = "Lightweight and flexible command-line JSON processor";
    homepage = "https://jqlang.github.io/jq/";
    license = lib.licenses.mit;
    mainProgram = "jq";
  };
}
