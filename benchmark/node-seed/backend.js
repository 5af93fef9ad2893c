// backend of the seed's stack: express and pg, instrumented as seed 000 shows
// (http and pg instrumentations). Same table as the Java backend (its Flyway migration).
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg');
const { startTelemetry, health } = require('./telemetry');

startTelemetry('backend', [new HttpInstrumentation(), new PgInstrumentation()]);

const express = require('express');
const { Pool } = require('pg');

// PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD: libpq's variables, as the Java backend
const pool = new Pool({ max: 10 });
const app = express();
app.use(express.json());
health(app);

function problem(res, status, detail) {
  res.status(status).type('application/problem+json').send(JSON.stringify({ status, detail }));
}

function item(row) {
  return { id: Number(row.id), name: row.name, createdAt: row.created_at };
}

app.post('/items', async (req, res) => {
  const name = req.body?.name;
  if (typeof name !== 'string' || name.trim() === '' || name.length > 200) {
    return problem(res, 400, 'name must be 1 to 200 characters');
  }
  try {
    const { rows } = await pool.query('INSERT INTO items (name) VALUES ($1) RETURNING id, name, created_at', [name]);
    res.status(201).location(`/items/${rows[0].id}`).json(item(rows[0]));
  } catch (err) {
    problem(res, 503, err.message);
  }
});

app.get('/items', async (req, res) => {
  const limit = Number(req.query.limit ?? 100);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    return problem(res, 400, 'limit must be 1 to 1000');
  }
  try {
    const { rows } = await pool.query('SELECT id, name, created_at FROM items ORDER BY id DESC LIMIT $1', [limit]);
    res.json(rows.map(item));
  } catch (err) {
    problem(res, 503, err.message);
  }
});

app.listen(Number(process.env.SERVER_PORT ?? 8081));
