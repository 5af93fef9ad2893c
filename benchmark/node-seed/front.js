// front of the seed's stack, as seed 000 shows it: express proxies /items to backend with
// fetch. The seed instruments http and express only; fetch runs on undici, which the http
// instrumentation does not see, so undici's is added: without it front sends no
// traceparent and backend's spans start traces of their own.
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express');
const { UndiciInstrumentation } = require('@opentelemetry/instrumentation-undici');
const { startTelemetry, health } = require('./telemetry');

startTelemetry('front', [new HttpInstrumentation(), new ExpressInstrumentation(), new UndiciInstrumentation()]);

const express = require('express');
const http = require('node:http');

const backendUrl = process.env.BACKEND_URL ?? 'http://localhost:8081';
const app = express();
app.use(express.json());
health(app);

// FRONT_HTTP_CLIENT=http: node's http module with a keep-alive agent instead of the seed's
// fetch, to measure what the seed's choice of client costs (the http instrumentation
// propagates the trace for it)
const agent = new http.Agent({ keepAlive: true });

function send(path, init = {}) {
  if (process.env.FRONT_HTTP_CLIENT !== 'http') {
    return fetch(`${backendUrl}${path}`, init);
  }
  return new Promise((resolve, reject) => {
    const request = http.request(`${backendUrl}${path}`, { method: init.method ?? 'GET', headers: init.headers, agent },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => resolve({
          status: response.statusCode,
          headers: { get: (name) => response.headers[name] },
          text: async () => Buffer.concat(chunks).toString(),
        }));
        response.on('error', reject);
      });
    request.on('error', reject);
    request.end(init.body);
  });
}

async function relay(res, response) {
  res.status(response.status).type(response.headers.get('content-type') ?? 'application/json');
  res.send(await response.text());
}

app.post('/items', async (req, res) => {
  try {
    const response = await send('/items', {
      method: 'POST',
      body: JSON.stringify(req.body),
      headers: { 'content-type': 'application/json' },
    });
    await relay(res, response);
  } catch (err) {
    res.status(502).type('application/problem+json').send(JSON.stringify({ status: 502, detail: err.message }));
  }
});

app.get('/items', async (req, res) => {
  try {
    const query = new URLSearchParams(req.query).toString();
    await relay(res, await send(`/items${query ? `?${query}` : ''}`));
  } catch (err) {
    res.status(502).type('application/problem+json').send(JSON.stringify({ status: 502, detail: err.message }));
  }
});

app.listen(Number(process.env.SERVER_PORT ?? 8080));
