/**
 * What every HTTP endpoint shares: problem-details error answers, paging, and the mapping of domain refusals
 * to status codes. Feature controllers live in sub-packages.
 */
package io.tandem.app.web;
