/**
 * The HTTP problem an answer is refused with ({@link io.tandem.app.problem.ApiException}) and the shape of problem
 * details ({@link io.tandem.app.problem.Problems}): at the bottom of the app's packages, so that security, rate
 * limits, accounts and live sockets refuse requests the same way the web layer does, without depending on it.
 */
package io.tandem.app.problem;
