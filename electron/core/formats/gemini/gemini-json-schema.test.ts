import { describe, expect, it } from 'vitest';
import { cleanSchemaForGemini, normalizeGeminiSchema } from './gemini-json-schema.js';

describe('cleanSchemaForGemini', () => {
  it('inlines simple $refs and cuts recursive ones to an object', () => {
    expect(
      cleanSchemaForGemini({
        type: 'object',
        properties: { address: { $ref: '#/$defs/Address', description: 'Where' }, node: { $ref: '#/definitions/Node' } },
        $defs: { Address: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
        definitions: { Node: { type: 'object', properties: { next: { $ref: '#/definitions/Node' } } } },
      }),
    ).toEqual({
      type: 'object',
      properties: {
        address: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], description: 'Where' },
        node: { type: 'object', properties: { next: { type: 'object' } } },
      },
    });
  });

  it('turns null alternatives into nullable and folds a single remaining alternative', () => {
    expect(cleanSchemaForGemini({ anyOf: [{ type: 'string', maxLength: 5 }, { type: 'null' }], description: 'd' })).toEqual({
      description: 'd',
      type: 'string',
      maxLength: 5,
      nullable: true,
    });
    expect(cleanSchemaForGemini({ oneOf: [{ type: 'string' }, { type: 'integer' }] })).toEqual({
      anyOf: [{ type: 'string' }, { type: 'integer' }],
    });
    expect(cleanSchemaForGemini({ type: ['string', 'number', 'null'] })).toEqual({
      anyOf: [{ type: 'string' }, { type: 'number' }],
      nullable: true,
    });
  });

  it('merges allOf, keeps string enums only, and drops keywords Gemini refuses', () => {
    expect(
      cleanSchemaForGemini({
        allOf: [
          { type: 'object', properties: { a: { type: 'string', enum: ['x', 'y', null] } }, required: ['a'] },
          { properties: { b: { type: 'integer', enum: [1, 2], examples: [1], $comment: 'c' } }, required: ['b'] },
        ],
        patternProperties: { '^x': { type: 'string' } },
        defer_loading: true,
      }),
    ).toEqual({
      type: 'object',
      properties: { a: { type: 'string', enum: ['x', 'y'], nullable: true }, b: { type: 'integer' } },
      required: ['a', 'b'],
    });
  });

  it('keeps numeric formats Gemini knows, drops empty nested property maps and reads tuple items', () => {
    expect(
      cleanSchemaForGemini({
        type: 'object',
        properties: {
          ratio: { type: 'number', format: 'double' },
          big: { type: 'integer', format: 'int64' },
          meta: { type: 'object', properties: {} },
          pair: { type: 'array', items: [{ type: 'string' }, { type: 'number' }], minItems: 2 },
          email: { type: 'string', format: 'email', pattern: '^.+@.+$' },
        },
      }),
    ).toEqual({
      type: 'object',
      properties: {
        ratio: { type: 'number', format: 'double' },
        big: { type: 'integer', format: 'int64' },
        meta: { type: 'object' },
        pair: { type: 'array', items: { type: 'string' }, minItems: 2 },
        email: { type: 'string', pattern: '^.+@.+$' },
      },
    });
  });
});

describe('normalizeGeminiSchema', () => {
  it('lower-cases types and turns nullable into a null type, recursively', () => {
    expect(
      normalizeGeminiSchema({
        type: 'OBJECT',
        properties: {
          tags: { type: 'ARRAY', items: { type: 'STRING', format: 'enum', enum: ['a', 'b'] } },
          score: { type: 'NUMBER', nullable: true },
          either: { anyOf: [{ type: 'STRING' }, { type: 'BOOLEAN' }], nullable: true },
          loose: { type: 'TYPE_UNSPECIFIED' },
        },
        required: ['tags'],
        propertyOrdering: ['tags', 'score'],
      }),
    ).toEqual({
      type: 'object',
      properties: {
        tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] } },
        score: { type: ['number', 'null'] },
        either: { anyOf: [{ type: 'string' }, { type: 'boolean' }, { type: 'null' }] },
        loose: {},
      },
      required: ['tags'],
      propertyOrdering: ['tags', 'score'],
    });
  });

  it('is undone by cleanSchemaForGemini for the shapes Gemini has', () => {
    const gemini = {
      type: 'object',
      properties: { a: { type: 'string', nullable: true, description: 'x' }, b: { type: 'array', items: { type: 'integer' } } },
      required: ['a'],
    };
    expect(cleanSchemaForGemini(normalizeGeminiSchema(gemini))).toEqual(gemini);
  });
});
