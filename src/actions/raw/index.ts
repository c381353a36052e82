import { rawRequest } from "./rawRequest";

/**
 * Raw Request: any Graph call on the connection's road.
 * An object rather than `export *`: some loaders list a module namespace alphabetically, and the designer
 * shows blocks in this order.
 */
export const rawActions = { rawRequest };
