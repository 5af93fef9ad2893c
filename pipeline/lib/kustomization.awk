# Reads and edits the image digests and version labels of one kustomization.yaml, line by
# line, so that comments, key order and indentation stay exactly as they were.
#
# mode=show  prints "label <key> <value>" for each version label and "image <name> <digest>"
#            for each entry of `images:`.
# mode=bump  prints the file with new digests and version labels. Variables:
#              targets  space-separated NAME=DIGEST pairs; NAME is an image's full name or
#                       its last path segment (mesh-trace-sample-front)
#              version  the new value of `version` and `app.kubernetes.io/version`
#              report   file that receives one line per change and the errors
#            Exits 3 when an image is unknown or ambiguous or the labels are missing.
#
# It understands what kustomize writes and what people write by hand: block sequences
# (indented or not), keys in any order inside an entry, quoted or plain scalars, trailing
# comments. It does not understand flow style (images: [{...}]); it reports no images then.

function scalar(line,    v) {
	v = line
	sub(/^[^:]*:[ \t]*/, "", v)
	sub(/[ \t]+#.*$/, "", v)
	sub(/[ \t]+$/, "", v)
	if (v ~ /^".*"$/ || v ~ /^'.*'$/)
		v = substr(v, 2, length(v) - 2)
	return v
}

function trailing_comment(line,    c) {
	if (match(line, /[ \t]+#.*$/))
		return substr(line, RSTART)
	return ""
}

# Replaces the value of a "key: value" line, keeping indentation, key and trailing comment
function with_value(line, value,    prefix) {
	match(line, /:[ \t]*/)
	prefix = substr(line, 1, RSTART)
	return prefix " " value trailing_comment(line)
}

# YAML would read these as numbers, booleans or null; a label value must be a string
function yaml_string(v,    lower) {
	lower = tolower(v)
	if (v ~ /^[-+]?[0-9_]+$/ || v ~ /^[-+]?[0-9_]*\.[0-9_]*([eE][-+]?[0-9]+)?$/ || v ~ /^[-+]?[0-9_]+[eE][-+]?[0-9]+$/ \
			|| lower ~ /^0x[0-9a-f_]+$/ || lower ~ /^0o[0-7_]+$/ || lower ~ /^0b[01_]+$/ \
			|| lower ~ /^(y|n|yes|no|on|off|true|false|null|~)$/)
		return "\"" v "\""
	return v
}

function is_key(line, key) {
	return line ~ ("^[ \t]*(-[ \t]+)?[\"']?" key "[\"']?:([ \t]|$)")
}

function target_for(name,    k, found, count) {
	count = 0
	for (k in wanted) {
		if (name == k || substr(name, length(name) - length(k)) == "/" k) {
			found = k
			count++
		}
	}
	return count == 1 ? found : ""
}

function spaces(n,    s) {
	s = ""
	while (n-- > 0)
		s = s " "
	return s
}

# One entry of `images:` is buffered until the next entry or the end of the block
function flush_entry(    i, name, digest, name_at, digest_at, k, out) {
	if (entry_lines == 0)
		return
	name = ""
	digest = ""
	name_at = 0
	digest_at = 0
	for (i = 1; i <= entry_lines; i++) {
		if (is_key(entry[i], "name")) {
			name = scalar(entry[i])
			name_at = i
		}
		else if (is_key(entry[i], "digest")) {
			digest = scalar(entry[i])
			digest_at = i
		}
	}
	if (name != "") {
		image_names = image_names (image_names == "" ? "" : ", ") name
		if (mode == "show")
			print "image " name " " digest
	}
	k = (mode == "bump" && name != "") ? target_for(name) : ""
	if (k != "") {
		hits[k]++
		if (digest_at)
			entry[digest_at] = with_value(entry[digest_at], wanted[k])
		if (digest != wanted[k])
			print name ": " (digest == "" ? "(no digest)" : digest) " -> " wanted[k] > report
	}
	for (i = 1; i <= entry_lines; i++) {
		if (mode == "bump")
			print entry[i]
		if (k != "" && i == name_at && !digest_at) {
			match(entry[i], /name:/)
			print spaces(RSTART - 1) "digest: " wanted[k]
		}
	}
	entry_lines = 0
}

BEGIN {
	count = split(targets, pairs, " ")
	for (i = 1; i <= count; i++) {
		eq = index(pairs[i], "=")
		wanted[substr(pairs[i], 1, eq - 1)] = substr(pairs[i], eq + 1)
	}
	block = ""
	entry_lines = 0
	image_names = ""
}

# A top-level key ends the block before it
/^[^ \t#-]/ {
	flush_entry()
	block = $0
	sub(/:.*/, "", block)
}

block == "images" && /^[ \t]*- / {
	flush_entry()
}

block == "images" && entry_lines > 0 || block == "images" && /^[ \t]*- / {
	entry[++entry_lines] = $0
	next
}

block == "labels" && (is_key($0, "version") || is_key($0, "app\\.kubernetes\\.io/version")) {
	key = is_key($0, "version") ? "version" : "app.kubernetes.io/version"
	labels_found[key]++
	if (mode == "show")
		print "label " key " " scalar($0)
	else {
		if (scalar($0) != version)
			print key ": " scalar($0) " -> " version > report
		$0 = with_value($0, yaml_string(version))
	}
}

mode == "bump" {
	print
}

END {
	flush_entry()
	if (mode != "bump")
		exit 0
	failed = 0
	for (k in wanted) {
		if (hits[k] == 0)
			print "error: no image named " k " in " file " (its images: " (image_names == "" ? "none" : image_names) ")" > report
		else if (hits[k] > 1)
			print "error: " k " names " hits[k] " images in " file "; give the full name" > report
		failed = failed || hits[k] != 1
	}
	if (!labels_found["version"] || !labels_found["app.kubernetes.io/version"]) {
		print "error: " file " has no `version` and `app.kubernetes.io/version` under `labels:`" > report
		failed = 1
	}
	exit failed ? 3 : 0
}
