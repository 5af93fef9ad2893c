package com.example.meshtrace.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.example.meshtrace.localrun.LocalRun;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated bad input against both services: random JSON, random bytes, huge names, odd
 * Unicode, wrong types, odd headers, query strings and methods. Never a 5xx; every 4xx is
 * {@code application/problem+json} and writes nothing; what is accepted is written
 * exactly once, as sent.
 */
class BadInputIntegrationTests {

	private static final int TRIES = 200;

	// Every property runs with shrinking off: jqwik's shrinking, once past its time
	// bound,
	// goes on in the background, and its requests would change the row counts that the
	// next property checks. A failure reports the original sample and the seed instead.

	/**
	 * Both services' {@code max-request-body-size}.
	 */
	private static final int MAX_BODY_BYTES = 16 * 1024;

	private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * The generated {@code Accept} headers that admit {@code application/json}; Spring
	 * MVC does not treat {@code q=0} as a refusal.
	 */
	private static final Set<String> ACCEPTS_JSON = Set.of("*/*", "application/json", "application/*",
			"application/json, */*;q=0.1", "application/json;q=0");

	/**
	 * The generated JSON content types that read a body as UTF-8.
	 */
	private static final Set<String> UTF8_JSON = Set.of("application/json", "application/json; charset=UTF-8");

	private static LocalRun stack;

	private static ItemsTable items;

	/** Keys that created an item in this run: generated keys repeat across tries. */
	private static final Set<String> createdKeys = ConcurrentHashMap.newKeySet();

	private final HttpClient client = ReliabilityStack.httpClient();

	@BeforeContainer
	static void startStack() {
		stack = ReliabilityStack.start("bad-input");
		items = new ItemsTable(stack.postgres());
		items.insert(20);
	}

	@AfterContainer
	static void stopStack() {
		if (stack != null) {
			stack.close();
		}
	}

	@Property(tries = TRIES, shrinking = ShrinkingMode.OFF)
	void generatedJsonIsCreatedOnceIfValidAndOtherwiseRejectedWithoutAWrite(@ForAll Service service,
			@ForAll("jsonBodies") Object body, @ForAll boolean escapeNonAscii) throws Exception {
		String key = UUID.randomUUID().toString();
		byte[] bytes = Json.write(body, escapeNonAscii).getBytes(StandardCharsets.UTF_8);
		Rows before = Rows.now();

		HttpResponse<String> response = send(post(service, bytes, "application/json").header("Idempotency-Key", key));

		String validName = validName(body);
		int expected = (bytes.length > MAX_BODY_BYTES) ? 413 : (validName != null) ? 201 : 400;
		assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
		if (expected == 201) {
			assertCreatedOnce(service, response, before, validName, bytes, key);
		}
		else {
			assertRejected(response, before);
		}
	}

	@Property(tries = TRIES, shrinking = ShrinkingMode.OFF)
	void randomBytesWithAnyContentTypeNeverFailTheServer(@ForAll Service service, @ForAll("randomBodies") byte[] bytes,
			@ForAll("contentTypes") Optional<String> contentType) throws Exception {
		Rows before = Rows.now();
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(service, "/items"))
			.timeout(ItemRequests.REQUEST_TIMEOUT)
			.POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
		contentType.ifPresent((value) -> request.header("Content-Type", value));

		HttpResponse<String> response = send(request);

		boolean json = contentType.filter((value) -> value.startsWith("application/json")).isPresent();
		boolean plainItem = contentType.filter(UTF8_JSON::contains).isPresent()
				&& new String(bytes, StandardCharsets.ISO_8859_1).equals("{\"name\":\"x\"}");
		if (!json) {
			assertThat(response.statusCode()).as("%s -> %s", contentType, response.body()).isEqualTo(415);
		}
		else if (plainItem) {
			assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		}
		assertThat(response.statusCode()).as(response.body()).isIn(201, 400, 413, 415);
		if (response.statusCode() == 201) {
			before.assertAdded(1);
		}
		else {
			assertRejected(response, before);
		}
	}

	@Property(tries = TRIES, shrinking = ShrinkingMode.OFF)
	void oddHeadersOnAValidItemEitherCreateItOnceOrAreRejectedWithoutAWrite(@ForAll Service service,
			@ForAll("idempotencyKeys") Optional<String> key, @ForAll("acceptHeaders") Optional<String> accept,
			@ForAll("extraHeaders") Map<String, String> extra) throws Exception {
		String name = "odd headers " + UUID.randomUUID();
		byte[] bytes = Json.write(Map.of("name", name), false).getBytes(StandardCharsets.UTF_8);
		HttpRequest.Builder request = post(service, bytes, "application/json");
		key.ifPresent((value) -> request.header("Idempotency-Key", value));
		accept.ifPresent((value) -> request.header("Accept", value));
		extra.forEach(request::header);
		Rows before = Rows.now();

		HttpResponse<String> response = send(request);

		// Content negotiation comes first, then the key: every name is new, so a key that
		// created an item before is refused, and any other request is created
		boolean validKey = key.map((value) -> VALID_KEY.matcher(value.strip()).matches()).orElse(true);
		boolean acceptsJson = accept.map(ACCEPTS_JSON::contains).orElse(true);
		boolean keyUsed = key.map(String::strip).filter(createdKeys::contains).isPresent();
		int expected = !acceptsJson ? 406 : !validKey ? 400 : keyUsed ? 422 : 201;
		assertThat(response.statusCode()).as("%s -> %s", accept, response.body()).isEqualTo(expected);
		if (expected == 201) {
			JsonNode item = JSON.readTree(response.body());
			assertThat(item.path("name").asString()).isEqualTo(name);
			before.assertAdded(1);
			assertThat(items.namesById()).containsEntry(item.path("id").asLong(), name);
			key.map(String::strip).ifPresent(createdKeys::add);
		}
		else {
			assertRejected(response, before);
		}
	}

	@Property(tries = TRIES, shrinking = ShrinkingMode.OFF)
	void oddQueryStringsAreAnsweredWithAPageOrA400(@ForAll Service service,
			@ForAll("queryParameters") Map<String, String> parameters) throws Exception {
		StringBuilder query = new StringBuilder();
		parameters.forEach((name, value) -> query.append(query.isEmpty() ? "?" : "&")
			.append(name)
			.append((value != null) ? "=" + value : ""));
		Rows before = Rows.now();

		HttpResponse<String> response = send(
				HttpRequest.newBuilder(uri(service, "/items" + query)).timeout(ItemRequests.REQUEST_TIMEOUT).GET());

		assertThat(response.statusCode()).as(query + " -> " + response.body()).isIn(200, 400);
		if (response.statusCode() == 200) {
			assertThat(JSON.readTree(response.body()).isArray()).isTrue();
		}
		else {
			assertProblem(response);
		}
		String limit = parameters.get("limit");
		if (!isPercentEncodedUtf8(query.toString())) {
			assertThat(response.statusCode()).as(query.toString()).isEqualTo(400);
		}
		else if (parameters.keySet()
			.stream()
			.noneMatch((name) -> name.startsWith("limit") || name.startsWith("beforeId"))) {
			assertThat(response.statusCode()).as(query.toString()).isEqualTo(200);
		}
		else if (limit != null && limit.matches("-?[1-9][0-9]{0,8}|0") && parameters.size() == 1) {
			int value = Integer.parseInt(limit);
			assertThat(response.statusCode()).as(query.toString()).isEqualTo((value >= 1 && value <= 1000) ? 200 : 400);
		}
		before.assertAdded(0);
	}

	@Property(tries = TRIES, shrinking = ShrinkingMode.OFF)
	void oddItemIdsAndMethodsAreAnsweredWithoutAServerError(@ForAll Service service, @ForAll("itemPaths") String path,
			@ForAll("methods") String method) throws Exception {
		Rows before = Rows.now();

		HttpResponse<String> response = send(HttpRequest.newBuilder(uri(service, path))
			.timeout(ItemRequests.REQUEST_TIMEOUT)
			.method(method, HttpRequest.BodyPublishers.noBody()));

		assertThat(response.statusCode()).as(method + " " + path + " -> " + response.body()).isIn(200, 400, 404, 405);
		if (response.statusCode() != 200) {
			assertProblem(response);
		}
		before.assertAdded(0);
	}

	@Example
	void backendWritesNothingForAPostItRejectsBecauseOfTheAcceptHeader() throws Exception {
		String name = "accept text/html " + UUID.randomUUID();
		byte[] bytes = Json.write(Map.of("name", name), false).getBytes(StandardCharsets.UTF_8);
		Rows before = Rows.now();

		HttpResponse<String> response = send(
				post(Service.BACKEND, bytes, "application/json").header("Accept", "text/html"));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(406);
		assertThat(response.headers().firstValue("Location")).isEmpty();
		assertRejected(response, before);
	}

	@Example
	void requestsTheServerRejectsBeforeTheApplicationAreAnsweredWithAProblem() throws Exception {
		for (Service service : Service.values()) {
			for (String path : List.of("/items/1%00", "/items?limit[]=2", "/items/a%2Fb")) {
				HttpResponse<String> response = send(
						HttpRequest.newBuilder(uri(service, path)).timeout(ItemRequests.REQUEST_TIMEOUT).GET());
				assertThat(response.statusCode()).as(service + " " + path).isEqualTo(400);
				assertThat(response.headers().firstValue("Content-Type")).as(service + " " + path)
					.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			}
		}
	}

	@Example
	void queryParametersThatAreNotUtf8AreAnsweredWithA400Problem() throws Exception {
		for (Service service : Service.values()) {
			for (String query : List.of("?beforeId=%FF", "?limit=%FF")) {
				HttpResponse<String> response = send(HttpRequest.newBuilder(uri(service, "/items" + query))
					.timeout(ItemRequests.REQUEST_TIMEOUT)
					.GET());
				assertThat(response.statusCode()).as(service + " " + query + " -> " + response.body()).isEqualTo(400);
				assertProblem(response);
			}
		}
	}

	@Example
	void frontPassesANonAsciiIdempotencyKeyOnUnchangedSoThatBackendRejectsIt() throws Exception {
		// Two clients' keys must not become one: "\u00d1x" and "\u00c9x" are different
		// keys
		String json = Json.write(Map.of("name", "key " + UUID.randomUUID()), false);
		Rows before = Rows.now();

		RawHttp.Answer direct = RawHttp.post(stack.backend().port(), "Idempotency-Key: \u00d1x\r\n", json);
		RawHttp.Answer throughFront = RawHttp.post(stack.front().port(), "Idempotency-Key: \u00d1x\r\n", json);

		assertThat(direct.status()).as(direct.text()).isEqualTo(400);
		assertThat(throughFront.status()).as(throughFront.text()).isEqualTo(400);
		assertThat(throughFront.contentType()).isEqualTo("application/problem+json");
		before.assertAdded(0);
	}

	private void assertCreatedOnce(Service service, HttpResponse<String> response, Rows before, String name,
			byte[] bytes, String key) throws Exception {
		JsonNode item = JSON.readTree(response.body());
		assertThat(item.path("name").asString()).isEqualTo(name);
		before.assertAdded(1);
		assertThat(items.namesById()).containsEntry(item.path("id").asLong(), name);
		// The same request again is a replay, not a second row
		HttpResponse<String> again = send(post(service, bytes, "application/json").header("Idempotency-Key", key));
		assertThat(again.statusCode()).isEqualTo(201);
		assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(JSON.readTree(again.body()).path("id").asLong()).isEqualTo(item.path("id").asLong());
		before.assertAdded(1);
	}

	private static void assertRejected(HttpResponse<String> response, Rows before) {
		assertProblem(response);
		before.assertAdded(0);
	}

	private static void assertProblem(HttpResponse<String> response) {
		assertThat(response.headers().firstValue("Content-Type")).as(response.body())
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(JSON.readTree(response.body()).path("status").asInt()).isEqualTo(response.statusCode());
	}

	/**
	 * What backend must accept: an object with one field, {@code name}, a string of 1 to
	 * 200 characters, not blank, without control characters or lone surrogates.
	 */
	private static String validName(Object body) {
		// A field besides name is refused, naming it
		if (body instanceof Map<?, ?> map && map.size() == 1 && map.get("name") instanceof String name) {
			// Blank as @NotBlank means it: nothing left once trim() has removed
			// characters
			// up to U+0020
			boolean blank = name.isBlank();
			boolean control = name.chars().anyMatch((c) -> Character.getType(c) == Character.CONTROL);
			return (!blank && name.length() <= 200 && !control && !hasLoneSurrogate(name)) ? name : null;
		}
		return null;
	}

	private static boolean hasLoneSurrogate(String name) {
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return true;
			}
		}
		return false;
	}

	private HttpRequest.Builder post(Service service, byte[] body, String contentType) {
		return HttpRequest.newBuilder(uri(service, "/items"))
			.timeout(ItemRequests.REQUEST_TIMEOUT)
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(Service service, String path) {
		String baseUrl = (service == Service.FRONT) ? stack.front().baseUrl() : stack.backend().baseUrl();
		return URI.create(baseUrl + path);
	}

	@Provide
	Arbitrary<Object> jsonBodies() {
		Arbitrary<Object> nameValues = Arbitraries.oneOf(names().map(Object.class::cast), scalars(), containers());
		Arbitrary<Map<String, Object>> itemLike = Combinators
			.combine(nameValues, Arbitraries.maps(fieldNames(), scalars()).ofMaxSize(3))
			.as((name, extra) -> {
				Map<String, Object> object = new LinkedHashMap<>(extra);
				object.remove("name");
				object.put("name", name);
				return object;
			});
		Arbitrary<Object> nameOnly = nameValues.map((name) -> {
			Map<String, Object> object = new LinkedHashMap<>();
			object.put("name", name);
			return object;
		});
		return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, nameOnly),
				net.jqwik.api.Tuple.of(3, itemLike.map(Object.class::cast)), net.jqwik.api.Tuple.of(1, scalars()),
				net.jqwik.api.Tuple.of(1, containers()));
	}

	private static Arbitrary<String> names() {
		Arbitrary<String> ascii = Arbitraries.strings().ascii().ofMinLength(0).ofMaxLength(210);
		Arbitrary<String> anyChar = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(210);
		Arbitrary<String> odd = Arbitraries.strings()
			.withChars('\u0000', '\u0007', '\t', '\n', '\u007f', '\u0085', '\u00a0', '\u200b', '\u202e', '\ufeff',
					'\uffff', '\ud800', '\udfff', ' ', 'a', '\u00e9', '\u0301')
			.ofMinLength(1)
			.ofMaxLength(20);
		// Characters outside the BMP, as valid surrogate pairs
		Arbitrary<String> emoji = Arbitraries.of("😀", "𝄞", "a", "\u2003")
			.list()
			.ofMinSize(1)
			.ofMaxSize(120)
			.map((chars) -> String.join("", chars));
		Arbitrary<String> around200 = Arbitraries.integers().between(195, 205).map((n) -> "n".repeat(n));
		Arbitrary<String> huge = Arbitraries.integers().between(1_000, 20_000).map((n) -> "x".repeat(n));
		Arbitrary<String> blank = Arbitraries.strings().withChars(' ').ofMinLength(0).ofMaxLength(5);
		return Arbitraries.oneOf(ascii, anyChar, odd, emoji, around200, huge, blank);
	}

	private static Arbitrary<String> fieldNames() {
		return Arbitraries.oneOf(Arbitraries.of("id", "createdAt", "name ", "Name", "idempotencyKey", ""),
				Arbitraries.strings().alpha().ofMaxLength(8));
	}

	private static Arbitrary<Object> scalars() {
		return Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.of(true, false),
				Arbitraries.longs().map(Object.class::cast),
				Arbitraries.of(1.5, -0.0, 1e308, 3.0).map(Object.class::cast),
				Arbitraries.strings().ofMaxLength(10).map(Object.class::cast));
	}

	private static Arbitrary<Object> containers() {
		return Arbitraries.oneOf(scalars().list().ofMaxSize(3).map(Object.class::cast),
				Arbitraries.maps(fieldNames(), scalars()).ofMaxSize(3).map(Object.class::cast));
	}

	@Provide
	Arbitrary<byte[]> randomBodies() {
		Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
		Arbitrary<byte[]> large = Arbitraries.integers()
			.between(MAX_BODY_BYTES - 10, MAX_BODY_BYTES + 3000)
			.map((n) -> new byte[n]);
		Arbitrary<byte[]> almostJson = Combinators
			.combine(
					Arbitraries.of("{\"name\":\"", "{\"name\":", "{\"name\":\"x\"}", "{\"name\":\"x\"} {}",
							"[{\"name\":\"x\"}]", "{\"name\":\"x\",}", "{'name':'x'}", "{\"name\":\"\\uD800\"}",
							"{\"name\":\"\\u0000\"}", "\"name\"", "{\"name\":\"x\"", "{\"name\":\"x\" // c\n}"),
					Arbitraries.bytes().array(byte[].class).ofMaxSize(8))
			.as((text, tail) -> {
				byte[] head = text.getBytes(StandardCharsets.UTF_8);
				byte[] bytes = new byte[head.length + tail.length];
				System.arraycopy(head, 0, bytes, 0, head.length);
				System.arraycopy(tail, 0, bytes, head.length, tail.length);
				return bytes;
			});
		return Arbitraries.oneOf(random, large, almostJson);
	}

	@Provide
	Arbitrary<Optional<String>> contentTypes() {
		return Arbitraries
			.of("application/json", "application/json; charset=UTF-8", "application/json; charset=ISO-8859-1",
					"application/json; charset=UTF-16", "application/json; charset=bogus", "application/json; x=\"",
					"text/plain", "application/xml", "application/x-www-form-urlencoded",
					"multipart/form-data; boundary=x", "application/*", "*/*", "json", "application/problem+json",
					"application/merge-patch+json", "application/x-ndjson", "text/json")
			.optional(0.9);
	}

	@Provide
	Arbitrary<Optional<String>> idempotencyKeys() {
		Arbitrary<String> valid = Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(255);
		Arbitrary<String> tooLong = Arbitraries.strings().withCharRange('!', '~').ofMinLength(256).ofMaxLength(2000);
		Arbitrary<String> inner = Arbitraries.strings()
			.withCharRange('!', '~')
			.withChars(' ', '\t')
			.ofMinLength(3)
			.ofMaxLength(40)
			.filter((s) -> !s.strip().isEmpty());
		// Non-ASCII keys: see
		// frontPassesANonAsciiIdempotencyKeyOnUnchangedSoThatBackendRejectsIt,
		// the JDK client would send them as '?'
		return Arbitraries.oneOf(valid, tooLong, inner).optional(0.8);
	}

	@Provide
	Arbitrary<Optional<String>> acceptHeaders() {
		return Arbitraries
			.of("*/*", "application/json", "application/problem+json", "application/*", "text/html", "application/xml",
					"image/png", "text/*", "foo", "application/json;q=0", "application/json, */*;q=0.1",
					"application/yaml")
			.optional(0.7);
	}

	@Provide
	Arbitrary<Map<String, String>> extraHeaders() {
		Arbitrary<String> names = Arbitraries.oneOf(
				Arbitraries.of("traceparent", "tracestate", "baggage", "X-Forwarded-For", "X-Forwarded-Proto",
						"Forwarded", "Content-Encoding", "Accept-Charset", "Accept-Encoding", "Cookie", "Origin",
						"Range", "If-Match", "Authorization", "Idempotent-Replayed", "X-Request-Id"),
				Arbitraries.strings()
					.withCharRange('a', 'z')
					.withChars('-')
					.ofMinLength(1)
					.ofMaxLength(20)
					.map((name) -> "x-" + name));
		Arbitrary<String> values = Arbitraries.oneOf(Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(100),
				Arbitraries.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "gzip", "x=1,y",
						"for=\"[::1]\";proto=https", "bytes=0-1"));
		return Arbitraries.maps(names, values).ofMaxSize(4);
	}

	@Provide
	Arbitrary<Map<String, String>> queryParameters() {
		Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of("limit", "beforeId", "limit[]", "LIMIT", "offset"),
				Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6));
		Arbitrary<String> values = Arbitraries.oneOf(Arbitraries.integers().between(-5, 1005).map(String::valueOf),
				Arbitraries.longs().map(String::valueOf),
				Arbitraries.of("", "1.5", "1e3", "0x10", "+5", "010", "%20%2010", "NaN", "null", "%00", "%FF", "%C0%AF",
						"%ED%A0%80", "%D9%A1%D9%A0", "9223372036854775808"),
				Arbitraries.strings().all().ofMaxLength(20).map((s) -> URLEncoder.encode(s, StandardCharsets.UTF_8)));
		return Arbitraries.maps(names, values.injectNull(0.1)).ofMaxSize(3);
	}

	@Provide
	Arbitrary<String> itemPaths() {
		Arbitrary<String> ids = Arbitraries.oneOf(Arbitraries.longs().map(String::valueOf),
				Arbitraries.integers().between(-2, 30).map(String::valueOf),
				Arbitraries.of("abc", "1.0", "0x1", "%20", "1%00", "%FF", "99999999999999999999", "1;x=y", "1%3B",
						"%E2%80%AE1"),
				Arbitraries.strings()
					.all()
					.ofMinLength(1)
					.ofMaxLength(20)
					.map((s) -> URLEncoder.encode(s, StandardCharsets.UTF_8)));
		return ids.map((id) -> "/items/" + id);
	}

	@Provide
	Arbitrary<String> methods() {
		return Arbitraries.of("GET", "GET", "GET", "PUT", "DELETE", "PATCH");
	}

	/**
	 * The table before a request.
	 *
	 * @param count the number of rows
	 * @param maxId the highest id
	 */
	record Rows(long count, long maxId) {

		static Rows now() {
			return new Rows(items.count(), items.maxId());
		}

		void assertAdded(long rows) {
			assertThat(items.count() - this.count)
				.as("rows added; rows written since: %s", items.describeRowsAfter(this.maxId))
				.isEqualTo(rows);
		}

	}

	enum Service {

		FRONT, BACKEND

	}

	/**
	 * Whether the query string decodes to valid UTF-8: a query that does not is a 400
	 * whatever parameter it names.
	 */
	private static boolean isPercentEncodedUtf8(String query) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (int i = 0; i < query.length(); i++) {
			char c = query.charAt(i);
			if (c == '%' && i + 2 < query.length() && HexFormat.isHexDigit(query.charAt(i + 1))
					&& HexFormat.isHexDigit(query.charAt(i + 2))) {
				bytes.write(HexFormat.fromHexDigits(query, i + 1, i + 3));
				i += 2;
			}
			else {
				bytes.write(c);
			}
		}
		try {
			StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray()));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

}
