package com.example.meshtrace.manifests;

/**
 * The deployment environments, one kustomize overlay each, with what each must render.
 */
enum Environment {

	DEV("dev", 1, 1), STG("stg", 1, 1), PRD("prd", 2, 3);

	private final String directory;

	private final int minimumReplicas;

	private final int postgresInstances;

	Environment(String directory, int minimumReplicas, int postgresInstances) {
		this.directory = directory;
		this.minimumReplicas = minimumReplicas;
		this.postgresInstances = postgresInstances;
	}

	String directory() {
		return this.directory;
	}

	String namespace() {
		return "apps-platform-mesh-trace-" + this.directory;
	}

	int minimumReplicas() {
		return this.minimumReplicas;
	}

	int postgresInstances() {
		return this.postgresInstances;
	}

	boolean isProduction() {
		return this == PRD;
	}

}
