/**
 * MicroProfile Health probes: started (schema migrated, Hub running), live (the Hub's dispatcher
 * makes progress), ready (store and bus reachable, not draining), each with what an operator needs.
 */
package dev.feedline.health;
