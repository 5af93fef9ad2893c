package com.example.meshtrace.reliability;

import com.example.meshtrace.localrun.LocalRun;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One stack for the fault cases of a test run, started by the first class that needs it
 * and closed by JUnit at the end of the run; before each class it is made whole again (a
 * stopped PostgreSQL restarted, a dead backend started), so that one failed case does not
 * fail the next. Injects the {@link LocalRun} into test and lifecycle methods.
 */
final class SharedStack implements BeforeAllCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedStack.class);

	@Override
	public void beforeAll(ExtensionContext context) {
		LocalRun stack = stack(context);
		stack.postgres().restart();
		if (!stack.backend().isAlive()) {
			stack.startBackend();
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == LocalRun.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return stack(extensionContext);
	}

	private static LocalRun stack(ExtensionContext context) {
		return context.getRoot()
			.getStore(NAMESPACE)
			.computeIfAbsent(Running.class, (key) -> new Running(ReliabilityStack.start("shared")), Running.class)
			.stack();
	}

	/**
	 * The started stack, closed by JUnit with the root context.
	 *
	 * @param stack the stack
	 */
	private record Running(LocalRun stack) implements AutoCloseable {

		@Override
		public void close() {
			this.stack.close();
		}

	}

}
