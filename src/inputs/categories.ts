import { input } from "@prismatic-io/spectral";
import type { CategoryColor } from "@microsoft/microsoft-graph-types";
import { ArgumentError, PropertyNullError } from "../errors";
import { cleanId } from "./clean";
import { cleanedBy, isBlank, list, requiredText, text } from "./common";

/** Inputs and checks of the category actions, and the Categories input messages, events, contacts and rules share. */

/** Outlook's preset colours by their names, as Graph documents them (preset0 is red, ... preset24 dark cranberry). */
export const CATEGORY_COLORS: readonly { value: CategoryColor; name: string }[] = [
  { value: "none", name: "No colour" },
  ...[
    "Red",
    "Orange",
    "Brown",
    "Yellow",
    "Green",
    "Teal",
    "Olive",
    "Blue",
    "Purple",
    "Cranberry",
    "Steel",
    "Dark steel",
    "Gray",
    "Dark gray",
    "Black",
    "Dark red",
    "Dark orange",
    "Dark brown",
    "Dark yellow",
    "Dark green",
    "Dark teal",
    "Dark olive",
    "Dark blue",
    "Dark purple",
    "Dark cranberry",
  ].map((name, i) => ({ value: `preset${i}` as CategoryColor, name })),
];

/** A colour's name for people: "Red (preset0)". */
export const colorLabel = (color: string | null | undefined): string => {
  const known = CATEGORY_COLORS.find((c) => c.value === color);
  return known ? `${known.name} (${known.value})` : String(color ?? "none");
};

export const categoryIdInput = input({
  label: "Category ID",
  type: "string",
  required: true,
  comments: "The ID of a category in the mailbox's master list (pick it by name).",
  dataSource: "selectMasterCategory",
  clean: cleanId("categoryId"),
});

export const colorInput = (required: boolean) =>
  input({
    label: "Colour",
    type: "string",
    required,
    ...(required ? {} : { default: "none" }),
    model: CATEGORY_COLORS.map((c) => ({ label: `${c.name} (${c.value})`, value: c.value })),
    // A colour's name ("dark blue") becomes its preset, as perform reads it.
    clean: cleanedBy((value) => readColor("color", value, required)),
    comments:
      "One of Outlook's 25 preset colours (preset0 to preset24) or none. The colour's name (Red, Dark blue) is " +
      "accepted too.",
  });

/** A colour: its preset ("preset7", "none") or its name ("Blue", "dark blue"), without regard to case. */
export function readColor(property: string, value: unknown, required: boolean): CategoryColor {
  if (isBlank(value)) {
    if (required) throw new PropertyNullError(property, "Choose a colour (none, or preset0 to preset24).");
    return "none";
  }
  const given = (text(property, value) ?? "").trim().toLowerCase();
  const found = CATEGORY_COLORS.find((c) => c.value.toLowerCase() === given || c.name.toLowerCase() === given);
  if (!found)
    throw new ArgumentError(
      property,
      `'${property}' must be none, preset0 to preset24, or a colour's name such as Red (got '${given}').`,
    );
  return found.value;
}

/** A category's name: required, at most 255 characters, no commas or semicolons (they separate names in lists). */
export function categoryName(property: string, value: unknown): string {
  const name = requiredText(property, value, "Name the category.").trim();
  if (name.length > 255) throw new ArgumentError(property, `'${property}' is longer than 255 characters.`);
  if (/[,;]/.test(name))
    throw new ArgumentError(
      property,
      `'${property}' holds a comma or semicolon ('${name}'): Outlook lists categories separated by them.`,
    );
  return name;
}

/** The Categories input of messages, events, contacts and rules: names, picked from the master list or typed. */
export const categoriesInput = (comments: string) =>
  input({
    label: "Categories",
    type: "string",
    collection: "valuelist",
    required: false,
    dataSource: "selectCategory",
    placeholder: "Red category, Blue category",
    // Names trimmed and duplicates dropped, as perform reads them.
    clean: cleanedBy((value) => readCategories("categories", value)),
    comments:
      `${comments} Give names (a list, or text with the names separated by commas). A name that is not in the ` +
      "mailbox's master list is set as typed: Outlook shows it without a colour and does not add it to the master " +
      "list (create it first with Create Category to give it a colour).",
  });

/** Category names from a list input: each one checked as Create Category checks a name, duplicates dropped. */
export function readCategories(property: string, value: unknown): string[] {
  const names = list(property, value).map((name, i) => categoryName(`${property}[${i}]`, name));
  return [...new Set(names)];
}
