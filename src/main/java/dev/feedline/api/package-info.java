/**
 * What every REST endpoint shares: the JSON error body of API.md, the exception that carries it,
 * the mappers that turn any failure into it, and bounded JSON body reading.
 */
package dev.feedline.api;
