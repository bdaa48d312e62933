package io.tandem.app.web;

import io.tandem.app.problem.ApiException;
/** Validated {@code ?page=&size=} parameters: page from 0, size 1..200, 50 by default. */
public record Paging(int page, int size) {

    public static final int MAX_SIZE = 200;
    public static final int DEFAULT_SIZE = 50;

    public static Paging of(Integer page, Integer size) {
        int p = page == null ? 0 : page;
        int s = size == null ? DEFAULT_SIZE : size;
        if (p < 0) {
            throw ApiException.badRequest("page", "must be 0 or more");
        }
        if (s < 1 || s > MAX_SIZE) {
            throw ApiException.badRequest("size", "must be between 1 and " + MAX_SIZE);
        }
        return new Paging(p, s);
    }
}
