// The seed's OpenTelemetry set-up (seed 000, "OTel instrumentation"): NodeSDK with an
// OTLP/gRPC trace exporter. Endpoint, sampler and OTEL_SDK_DISABLED come from the
// standard OTEL_* variables, as in the Java services; metrics and logs are exported
// over OTLP as well (the SDK's defaults), like the Java services' starter does.
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-grpc');

/**
 * Starts the SDK; call it before express, pg or fetch are loaded, so that their
 * instrumentations can patch them.
 */
function startTelemetry(serviceName, instrumentations) {
  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME ?? serviceName,
    traceExporter: new OTLPTraceExporter(),
    instrumentations,
  });
  sdk.start();
  process.on('SIGTERM', () => sdk.shutdown().finally(() => process.exit(0)));
}

/** The Java services' probe paths, so the benchmark waits for both stacks alike. */
function health(app) {
  const up = (req, res) => res.json({ status: 'UP' });
  app.get('/actuator/health/liveness', up);
  app.get('/actuator/health/readiness', up);
}

module.exports = { startTelemetry, health };
