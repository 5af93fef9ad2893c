package com.example.meshtrace.manifests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.Route;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.fail;

/**
 * Binds every rendered core object (and Route) to its fabric8 model and fails on any
 * field the model does not know: a typo such as {@code readinesProbe} is otherwise
 * silently dropped by the API server's lenient decoding in older clients.
 */
class TypedModelTests {

	/** Kinds bound to a typed model. */
	private static final Map<String, Class<? extends HasMetadata>> typedKinds = Map.of("Deployment", Deployment.class,
			"Service", Service.class, "ServiceAccount", ServiceAccount.class, "ConfigMap", ConfigMap.class,
			"NetworkPolicy", NetworkPolicy.class, "PodDisruptionBudget", PodDisruptionBudget.class, "Route",
			Route.class);

	/**
	 * Custom resources without a typed model: their fields are asserted by name
	 * elsewhere.
	 */
	private static final Set<String> customResourceKinds = Set.of("Cluster", "ImageCatalog", "ScheduledBackup",
			"ObjectStore", "ExternalSecret", "AuthorizationPolicy", "PeerAuthentication", "Telemetry", "Gateway",
			"PodMonitor", "Application", "AppProject");

	/**
	 * fabric8 models collect unknown fields in an "additionalProperties" map through
	 * {@code @JsonAnySetter}; switching that off makes FAIL_ON_UNKNOWN_PROPERTIES bite.
	 */
	private final ObjectMapper strictMapper = new ObjectMapper()
		.setAnnotationIntrospector(new JacksonAnnotationIntrospector() {

			@Override
			public Boolean hasAnySetter(Annotated annotated) {
				return Boolean.FALSE;
			}

		})
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

	static Stream<Arguments> renderedObjects() {
		List<Arguments> arguments = new ArrayList<>();
		for (Environment environment : Environment.values()) {
			Kustomize.render(RepositoryLayout.overlay(environment))
				.objects()
				.forEach((object) -> arguments.add(Arguments.of(environment.directory(), object)));
		}
		Kustomize.render(RepositoryLayout.argocd())
			.objects()
			.forEach((object) -> arguments.add(Arguments.of("argocd", object)));
		return arguments.stream();
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("renderedObjects")
	void everyRenderedObjectIsATypedOrExplicitlyCheckedKind(String source, ObjectNode object) {
		String kind = object.path("kind").asString();
		assertThat(typedKinds.containsKey(kind) || customResourceKinds.contains(kind))
			.as("%s renders %s, which neither has a typed model here nor explicit assertions", source,
					RenderedManifests.describe(object))
			.isTrue();
	}

	/**
	 * Only the objects of a typed kind: custom resources are checked by name elsewhere.
	 */
	static Stream<Arguments> typedObjects() {
		return renderedObjects()
			.filter((arguments) -> typedKinds.containsKey(((ObjectNode) arguments.get()[1]).path("kind").asString()));
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("typedObjects")
	void typedObjectsHaveOnlyFieldsTheirModelKnows(String source, ObjectNode object) {
		Class<? extends HasMetadata> model = typedKinds.get(object.path("kind").asString());
		assertThatCode(() -> bind(object, model)).as("%s: %s", source, RenderedManifests.describe(object))
			.doesNotThrowAnyException();
		HasMetadata bound = bind(object, model);
		assertThat(bound.getMetadata().getName()).isEqualTo(RenderedManifests.name(object));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("misspelledObjects")
	void strictBindingRejectsAMisspelledField(String description, String json, Class<? extends HasMetadata> model) {
		try {
			this.strictMapper.readValue(json, model);
			fail("Expected %s to be rejected", description);
		}
		catch (Exception ex) {
			assertThat(ex).hasMessageContaining("Unrecognized field");
		}
	}

	static Stream<Arguments> misspelledObjects() {
		return Stream.of(Arguments.of("Deployment with readinesProbe", """
				{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"x"},
				 "spec":{"template":{"spec":{"containers":[{"name":"app","image":"i","readinesProbe":{}}]}}}}
				""", Deployment.class),
				Arguments.of("Route with insecureEdgeTerminationPolicies",
						"""
								{"apiVersion":"route.openshift.io/v1","kind":"Route","metadata":{"name":"x"},
								 "spec":{"to":{"kind":"Service","name":"x"},"tls":{"termination":"edge","insecureEdgeTerminationPolicies":"Redirect"}}}
								""",
						Route.class));
	}

	private HasMetadata bind(ObjectNode object, Class<? extends HasMetadata> model) {
		try {
			return this.strictMapper.readValue(object.toString(), model);
		}
		catch (Exception ex) {
			throw new AssertionError(ex.getMessage(), ex);
		}
	}

}
