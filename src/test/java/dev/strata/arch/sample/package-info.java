/**
 * A miniature Strata that breaks every rule of docs/ARCHITECTURE.md once, for
 * ArchitectureRulesCanFailTest: test-only classes, never part of the program.
 */
package dev.strata.arch.sample;
