// Request fields the web application adds, and the role checks every route declares.
import type { User } from '../store/users.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, or null. */
    user: User | null;
    /** The raw session id from the cookie, when it named a live session. */
    sessionId: string | null;
  }
}

export {};
