/**
 * The {@code text-unicode} operational transform type (as the npm package {@code ot-text-unicode} and ShareDB
 * define it) for a task's description: operations, their JSON form, apply, compose, transform and cursors.
 * Every offset counts Unicode code points. Plain JDK, so any module can use it.
 */
package io.tandem.ot;
