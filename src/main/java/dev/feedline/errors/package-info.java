/**
 * Why the domain refuses a request, named without any transport: control and entity classes throw
 * these, and each boundary (REST, SSE, WebSocket) answers them in its own terms.
 */
package dev.feedline.errors;
