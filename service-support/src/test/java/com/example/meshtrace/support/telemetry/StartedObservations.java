package com.example.meshtrace.support.telemetry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

/**
 * The names of the Micrometer observations an application started, for a test that
 * {@code @Import}s it: Spring Boot registers every {@link ObservationHandler} bean with
 * the application's {@code ObservationRegistry}.
 */
public class StartedObservations implements ObservationHandler<Observation.Context> {

	private final List<String> names = new CopyOnWriteArrayList<>();

	/**
	 * The names of the observations started so far, in order.
	 * @return a snapshot of the names
	 */
	public List<String> names() {
		return List.copyOf(this.names);
	}

	@Override
	public void onStart(Observation.Context context) {
		this.names.add(context.getName());
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return true;
	}

}
