/** What every aggregate keeps to apply each offline client operation once. */
package io.tandem.command.operation;
