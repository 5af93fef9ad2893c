package com.example.meshtrace.localrun.otlp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;

/**
 * Turns OTLP attribute lists into plain Java maps, for assertions.
 */
final class AttributeValues {

	private AttributeValues() {
	}

	static Map<String, Object> toMap(List<KeyValue> attributes) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (KeyValue attribute : attributes) {
			map.put(attribute.getKey(), toJava(attribute.getValue()));
		}
		return Map.copyOf(map);
	}

	static Object toJava(AnyValue value) {
		return switch (value.getValueCase()) {
			case STRING_VALUE -> value.getStringValue();
			case BOOL_VALUE -> value.getBoolValue();
			case INT_VALUE -> value.getIntValue();
			case DOUBLE_VALUE -> value.getDoubleValue();
			case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(AttributeValues::toJava).toList();
			case KVLIST_VALUE -> toMap(value.getKvlistValue().getValuesList());
			case BYTES_VALUE -> value.getBytesValue().toByteArray();
			case STRING_VALUE_STRINDEX, VALUE_NOT_SET -> "";
		};
	}

}
