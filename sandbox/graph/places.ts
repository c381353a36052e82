import { badRequest, notFound, sendJson } from "../http";
import type { RouteContext, Router } from "../router";
import type { SeedPlace } from "../store";
import { odataContext, readJson, sendEntity } from "./common";
import { applyQuery, nextPageLink } from "./odata";

/**
 * The tenant's rooms and room lists (`/places`): listed by type (`/places/microsoft.graph.room`,
 * `/places/microsoft.graph.roomlist`), one by id or e-mail address, a room list's rooms, and PATCH
 * of a place's descriptive properties (Place.ReadWrite.All). Rooms are booked like any attendee.
 */

const ROOM = "microsoft.graph.room";
const ROOM_LIST = "microsoft.graph.roomList";
const READ = { app: ["Place.Read.All", "Place.ReadWrite.All"], delegated: ["Place.Read.All", "Place.ReadWrite.All"] };
const WRITE = { app: ["Place.ReadWrite.All"], delegated: ["Place.ReadWrite.All"] };
/** What a PATCH may not change: the place's identity. */
const FIXED = new Set(["id", "emailAddress"]);

function placesOf(ctx: RouteContext, type?: string): SeedPlace[] {
  return ctx.store.places.filter((p) => p.tenantId === ctx.principal!.tenantId && (!type || p["@odata.type"] === type));
}

function placeJson(p: SeedPlace): Record<string, unknown> {
  const { tenantId: _t, rooms: _r, "@odata.type": type, ...rest } = p;
  return { "@odata.type": `#${type}`, ...rest };
}

function findPlace(ctx: RouteContext): SeedPlace {
  const key = ctx.params["place-id"].toLowerCase();
  const place = placesOf(ctx).find((p) => p.id.toLowerCase() === key || p.emailAddress.toLowerCase() === key);
  if (!place) throw notFound(`The place '${ctx.params["place-id"]}' was not found.`, "ErrorItemNotFound");
  return place;
}

function listPlaces(ctx: RouteContext, items: SeedPlace[], type: string, fragment: string): void {
  const result = applyQuery(items.map(placeJson), ctx.query, { typeName: type, defaultTop: 100, maxTop: 999 });
  const page: Record<string, unknown> = { "@odata.context": odataContext(ctx, fragment), value: result.items };
  if (result.nextSkip !== undefined) page["@odata.nextLink"] = nextPageLink(ctx, result.nextSkip);
  sendJson(ctx.res, 200, page);
}

function updatePlace(ctx: RouteContext): void {
  const place = findPlace(ctx);
  const body = readJson(ctx, place["@odata.type"]);
  const declared = body["@odata.type"];
  if (typeof declared === "string" && declared.replace(/^#/, "").toLowerCase() !== place["@odata.type"].toLowerCase())
    throw badRequest(`The place is a ${place["@odata.type"]}, not a ${declared}.`, "ErrorInvalidRequest");
  for (const [k, v] of Object.entries(body)) if (!k.startsWith("@odata") && !FIXED.has(k)) place[k] = v;
  sendEntity(ctx, 200, "places/$entity", placeJson(place));
}

export function registerPlaceRoutes(router: Router): void {
  router.add("graph", "GET", `/places/${ROOM}`, (ctx) => listPlaces(ctx, placesOf(ctx, ROOM), ROOM, `places/${ROOM}`), {
    permissions: READ,
  });
  router.add(
    "graph",
    "GET",
    `/places/${ROOM_LIST}`,
    (ctx) => listPlaces(ctx, placesOf(ctx, ROOM_LIST), ROOM_LIST, `places/${ROOM_LIST}`),
    { permissions: READ },
  );
  router.add(
    "graph",
    "GET",
    "/places/{place-id}",
    (ctx) => sendEntity(ctx, 200, "places/$entity", placeJson(findPlace(ctx))),
    {
      permissions: READ,
    },
  );
  router.add("graph", "PATCH", "/places/{place-id}", updatePlace, { permissions: WRITE });
  router.add(
    "graph",
    "GET",
    `/places/{place-id}/${ROOM_LIST}/rooms`,
    (ctx) => {
      const list = findPlace(ctx);
      if (list["@odata.type"] !== ROOM_LIST) throw notFound();
      const rooms = placesOf(ctx, ROOM).filter((r) =>
        (list.rooms ?? []).some((a) => a.toLowerCase() === r.emailAddress.toLowerCase()),
      );
      listPlaces(ctx, rooms, ROOM, `places('${encodeURIComponent(list.id)}')/microsoft.graph.roomList/rooms`);
    },
    { permissions: READ },
  );
}
