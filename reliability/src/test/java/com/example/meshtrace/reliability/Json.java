package com.example.meshtrace.reliability;

import java.util.List;
import java.util.Map;

/**
 * Writes generated values (maps, lists, strings, numbers, booleans, {@code null}) as JSON
 * text, escaping control characters and surrogates so that any Java string, including one
 * with lone surrogates or NUL, reaches the server exactly as generated.
 */
final class Json {

	private Json() {
	}

	/**
	 * Writes the value.
	 * @param value the value
	 * @param escapeNonAscii whether to escape every non-ASCII character, or only those
	 * that must be
	 * @return the JSON text
	 */
	static String write(Object value, boolean escapeNonAscii) {
		StringBuilder json = new StringBuilder();
		write(value, escapeNonAscii, json);
		return json.toString();
	}

	private static void write(Object value, boolean escapeNonAscii, StringBuilder json) {
		switch (value) {
			case null -> json.append("null");
			case String string -> writeString(string, escapeNonAscii, json);
			case Map<?, ?> map -> {
				json.append('{');
				boolean first = true;
				for (Map.Entry<?, ?> entry : map.entrySet()) {
					json.append(first ? "" : ",");
					writeString((String) entry.getKey(), escapeNonAscii, json);
					json.append(':');
					write(entry.getValue(), escapeNonAscii, json);
					first = false;
				}
				json.append('}');
			}
			case List<?> list -> {
				json.append('[');
				for (int i = 0; i < list.size(); i++) {
					json.append((i > 0) ? "," : "");
					write(list.get(i), escapeNonAscii, json);
				}
				json.append(']');
			}
			default -> json.append(value);
		}
	}

	private static void writeString(String string, boolean escapeNonAscii, StringBuilder json) {
		json.append('"');
		for (int i = 0; i < string.length(); i++) {
			char c = string.charAt(i);
			boolean pair = Character.isHighSurrogate(c) && i + 1 < string.length()
					&& Character.isLowSurrogate(string.charAt(i + 1));
			if (c == '"' || c == '\\') {
				json.append('\\').append(c);
			}
			else if (pair && !escapeNonAscii) {
				// A valid pair goes out as one 4-byte UTF-8 sequence
				json.append(c).append(string.charAt(++i));
			}
			else if (c < 0x20 || Character.isSurrogate(c) || (escapeNonAscii && c > 0x7E)) {
				json.append(String.format("\\u%04x", (int) c));
			}
			else {
				json.append(c);
			}
		}
		json.append('"');
	}

}
