/**
 * The follow graph: who follows whom. A follow change is an event in the log, so every node applies
 * it to live home feeds at the same point in the stream.
 */
package dev.feedline.follows;
