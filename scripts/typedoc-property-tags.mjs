// @ts-check
/**
 * A TypeDoc plugin: lets `@property name description` document a field of an object-literal type,
 * not only a direct child. TypeDoc applies `@property` to the children of the commented reflection;
 * this extends it to the fields of the object type that a property, type alias or method returns:
 *
 *   /**
 *    * The bounds of `clip`.
 *    * @property min The lower bound.
 *    * @property max The upper bound.
 *    *\/
 *   clip: { min: number; max: number };
 *
 * so that such one-line types can be documented (and pass `validation.notDocumented`) without
 * spreading them over several lines.
 */
import { ArrayType, Comment, Converter, IntersectionType, ReflectionType, UnionType } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const reflection of Object.values(context.project.reflections)) {
      const comment = reflection.comment;
      if (!comment) continue;
      const type = 'type' in reflection ? reflection.type : undefined;
      const literals = objectLiterals(/** @type {import('typedoc').SomeType | undefined} */ (type));
      if (literals.length === 0) continue;
      for (const tag of [...comment.blockTags]) {
        if ((tag.tag !== '@property' && tag.tag !== '@prop') || !tag.name) continue;
        const field = findField(literals, tag.name.split('.'));
        if (!field) continue;
        field.comment = new Comment(Comment.cloneDisplayParts(tag.content));
        comment.blockTags.splice(comment.blockTags.indexOf(tag), 1);
      }
    }
  });
}

/**
 * The field at `path` (`['paramGroups', 'params']` for `@property paramGroups.params`), looked up
 * through the object literals and then through the field's own type.
 * @param {import('typedoc').DeclarationReflection[]} literals
 * @param {string[]} path
 * @returns {import('typedoc').DeclarationReflection | undefined}
 */
function findField(literals, [name, ...rest]) {
  for (const literal of literals) {
    const field = literal.children?.find((c) => c.name === name);
    if (!field) continue;
    return rest.length === 0 ? field : findField(objectLiterals(field.type), rest);
  }
  return undefined;
}

/**
 * The object-literal declarations a type is made of: `{ … }`, `{ … } & O`, `{ … }[]`, `{ … } | null`.
 * @param {import('typedoc').SomeType | undefined} type
 * @returns {import('typedoc').DeclarationReflection[]}
 */
function objectLiterals(type) {
  if (type instanceof ReflectionType) return [type.declaration];
  if (type instanceof IntersectionType || type instanceof UnionType) return type.types.flatMap(objectLiterals);
  if (type instanceof ArrayType) return objectLiterals(type.elementType);
  return [];
}
