/** Raw Request: any Graph call on the connection's road. */
export { rawRequest } from "./rawRequest";
