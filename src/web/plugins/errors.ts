// Request logs and errors without personal data: a log line names the method, the route pattern
// (`/ansokningar/:id`, never the URL with its query), the status and the time; an error answer
// says what went wrong in Swedish and never repeats input.
import type { FastifyError, FastifyInstance } from 'fastify';
import '../types.js';

const MESSAGES: Record<number, string> = {
  400: 'Begäran kunde inte tolkas.',
  403: 'Begäran nekades (formuläret har gått ut eller saknar säkerhetskod). Ladda om sidan och försök igen.',
  404: 'Sidan finns inte.',
  406: 'Begäran hade fel format.',
  413: 'Filen eller begäran är för stor.',
  415: 'Begäran hade fel innehållstyp.',
  429: 'För många försök. Vänta en stund och försök igen.',
};

export function registerErrors(app: FastifyInstance): void {
  app.addHook('onResponse', async (req, reply) => {
    req.log.info(
      {
        method: req.method,
        route: req.routeOptions.url ?? 'okänd',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        user: req.user?.id ?? null,
      },
      'begäran',
    );
  });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/')) return reply.code(req.user ? 404 : 401).send({ error: req.user ? MESSAGES[404] : 'Du är inte inloggad.' });
    return reply.code(404).view('error.eta', { title: 'Sidan finns inte', message: MESSAGES[404], user: req.user, nav: [] });
  });
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    // The code and kind only: a message may quote input.
    req.log[status >= 500 ? 'error' : 'warn']({ route: req.routeOptions.url ?? 'okänd', status, code: err.code ?? err.name }, 'fel');
    const message = MESSAGES[status] ?? 'Ett internt fel inträffade. Försök igen eller kontakta förvaltningen.';
    reply.code(status);
    if (req.url.startsWith('/api/')) return reply.send({ error: message });
    return reply.view('error.eta', { title: 'Något gick fel', message, user: req.user, nav: [] });
  });
}
