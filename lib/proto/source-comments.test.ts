import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import descriptor from 'protobufjs/ext/descriptor/index.js';
import { PROTO_ROOT, reflectionDefinition, withSourceComments } from './index.js';

interface Location {
  path: number[];
  span: number[];
  leadingComments?: string;
}
interface Named {
  name: string;
}
interface Message extends Named {
  field: (Named & { number: number })[];
  nestedType: Message[];
  enumType: (Named & { value: Named[] })[];
  oneofDecl: Named[];
}
interface File extends Named {
  package: string;
  messageType: Message[];
  enumType: (Named & { value: Named[] })[];
  service: (Named & { method: Named[] })[];
  sourceCodeInfo: { location: Location[] } | null;
}

function decode(buf: Uint8Array): File {
  return descriptor.FileDescriptorProto.toObject(descriptor.FileDescriptorProto.decode(buf), { arrays: true }) as File;
}

/** The one descriptor list the entries of `def` share, decoded. */
function files(def: protoLoader.PackageDefinition): File[] {
  const lists = new Set<Buffer[]>();
  for (const entry of Object.values(def)) {
    if ('fileDescriptorProtos' in entry && Array.isArray(entry.fileDescriptorProtos)) lists.add(entry.fileDescriptorProtos);
  }
  assert.equal(lists.size, 1, 'every entry should share one descriptor list, as proto-loader makes it');
  return [...lists][0]!.map(decode);
}

function fileWith(all: File[], pkg: string, has: (f: File) => boolean): File {
  const file = all.find((f) => f.package === pkg && has(f));
  assert.ok(file, `no descriptor of package ${pkg} has what was looked for`);
  return file;
}

function indexOf<T extends Named>(list: T[], name: string): number {
  const i = list.findIndex((x) => x.name === name);
  assert.ok(i >= 0, `${name} not in ${list.map((x) => x.name).join(', ')}`);
  return i;
}

function comment(file: File, path: number[]): string | undefined {
  const found = (file.sourceCodeInfo?.location ?? []).filter((l) => l.path.join('.') === path.join('.'));
  assert.ok(found.length <= 1, `more than one location at ${path.join('.')}`);
  return found[0]?.leadingComments;
}

describe('reflectionDefinition() descriptors', () => {
  const all = files(reflectionDefinition());
  const file = fileWith(all, 'ordermesh.v1', (f) => f.service.some((s) => s.name === 'OrderService'));
  const service = indexOf(file.service, 'OrderService');
  const order = indexOf(file.messageType, 'Order');

  it('should carry the comment of OrderService at its service path', () => {
    const text = comment(file, [6, service]);
    assert.ok(text?.includes('OrderService places orders and moves them through their life:'), String(text));
    assert.ok(text?.includes('Every call about an existing order routes on its order id alone.'), text);
  });

  it('should carry the comment of CreateOrder at its method path, formatted as protoc does', () => {
    const method = indexOf(file.service[service]!.method, 'CreateOrder');
    assert.equal(
      comment(file, [6, service, 2, method]),
      " Places an order. The items are reserved atomically at the first warehouse of the region's\n" +
        ' preference list (home region first, then its failover order) that has every item in stock;\n' +
        ' when none has, the order is REJECTED with the reason. Repeating a request_id returns the\n' +
        ' order the first request made, never a second one.\n',
    );
  });

  it('should carry the comment of Order.order_id at its field path, and none for a field without one', () => {
    const fields = file.messageType[order]!.field;
    assert.ok(comment(file, [4, order, 2, indexOf(fields, 'order_id')])?.includes('The prefix is the home region.'));
    assert.equal(comment(file, [4, order, 2, indexOf(fields, 'customer_name')]), undefined);
    assert.equal(comment(file, [4, order]), ' An order and where it stands.\n');
  });

  it('should carry the comments of enums and their values', () => {
    const status = indexOf(file.enumType, 'OrderStatus');
    assert.equal(comment(file, [5, status]), ' The status of an order.\n');
    const shipped = indexOf(file.enumType[status]!.value, 'SHIPPED');
    assert.equal(comment(file, [5, status, 2, shipped]), ' The order left the warehouse. Final.\n');
  });

  it('should give every location a path and a span of 3 ints', () => {
    const locations = file.sourceCodeInfo?.location ?? [];
    assert.ok(locations.length > 50, `only ${locations.length} locations`);
    for (const l of locations) {
      assert.equal(l.span.length, 3);
      assert.ok(l.path.length >= 2);
      assert.ok(l.leadingComments?.endsWith('\n'));
    }
  });

  it('should change nothing but source_code_info, and keep snake_case names', () => {
    const plain = files(protoLoader.loadSync(
      ['control_plane', 'fulfillment', 'inventory', 'node', 'order', 'payment'].map((f) => `ordermesh/v1/${f}.proto`),
      { keepCase: true, includeDirs: [PROTO_ROOT] },
    ));
    assert.ok(plain.every((f) => f.sourceCodeInfo === undefined), 'proto-loader now keeps source_code_info itself');
    const withoutComments = all.map(({ sourceCodeInfo: _, ...rest }) => rest);
    assert.deepEqual(withoutComments, plain);
    const create = file.messageType[indexOf(file.messageType, 'CreateOrderRequest')]!;
    assert.ok(create.field.some((f) => f.name === 'customer_name'));
  });

  it('should stay a working package definition', () => {
    const def = reflectionDefinition();
    const pkg = grpc.loadPackageDefinition(def) as unknown as {
      ordermesh: { v1: { OrderService: { service: grpc.ServiceDefinition } } };
    };
    assert.equal(pkg.ordermesh.v1.OrderService.service.CreateOrder?.path, '/ordermesh.v1.OrderService/CreateOrder');
    const type = def['ordermesh.v1.CreateOrderRequest'] as protoLoader.MessageTypeDefinition<object, object>;
    const bytes = type.serialize({ customer_name: 'Lan' });
    assert.deepEqual(type.deserialize(bytes), { customer_name: 'Lan' });
  });
});

describe('withSourceComments on nested declarations', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'source-comments-'));
    mkdirSync(join(dir, 'demo'));
    writeFileSync(
      join(dir, 'demo/common.proto'),
      `syntax = "proto3";
package demo;

// A colour.
enum Colour {
  COLOUR_UNSPECIFIED = 0;
  // Like the sky.
  BLUE = 1;
}
`,
    );
    writeFileSync(
      join(dir, 'demo/outer.proto'),
      `syntax = "proto3";
package demo;
import "demo/common.proto";

// The outer message.
message Outer {
  // A nested message.
  message Inner {
    // The inner value.
    string inner_value = 1;
  }
  // A nested enum.
  enum Mode {
    MODE_UNSPECIFIED = 0;
    // The fast mode.
    FAST = 1;
  }
  Inner inner = 1;
  // Either this or that.
  oneof choice_of_thing {
    // This one.
    string this_one = 2;
    Colour that_one = 3;
  }
}

// Echoes.
service Echo {
  // Detached: a blank line separates it from Say.

  rpc Say(Outer) returns (Outer);
  // Says it back.
  // Twice.
  rpc SayTwice(Outer) returns (Outer);
}
`,
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const keepCase of [true, false]) {
    it(`should put each comment at its descriptor.proto path (keepCase: ${keepCase})`, () => {
      const options = { includeDirs: [dir], files: ['demo/outer.proto'] };
      const def = withSourceComments(protoLoader.loadSync(options.files, { keepCase, includeDirs: [dir] }), options);
      const file = fileWith(files(def), 'demo', (f) => f.messageType.some((m) => m.name === 'Outer'));
      const outer = indexOf(file.messageType, 'Outer');
      const m = file.messageType[outer]!;
      const inner = indexOf(m.nestedType, 'Inner');
      const mode = indexOf(m.enumType, 'Mode');
      const at = (...path: number[]): string | undefined => comment(file, path);

      assert.equal(at(4, outer), ' The outer message.\n');
      assert.equal(at(4, outer, 3, inner), ' A nested message.\n');
      assert.equal(at(4, outer, 3, inner, 2, 0), ' The inner value.\n');
      assert.equal(at(4, outer, 4, mode), ' A nested enum.\n');
      assert.equal(at(4, outer, 4, mode, 2, indexOf(m.enumType[mode]!.value, 'FAST')), ' The fast mode.\n');
      assert.equal(at(4, outer, 4, mode, 2, indexOf(m.enumType[mode]!.value, 'MODE_UNSPECIFIED')), undefined);
      assert.equal(at(4, outer, 8, 0), ' Either this or that.\n');
      assert.equal(at(4, outer, 2, indexOf(m.field, keepCase ? 'this_one' : 'thisOne')), ' This one.\n');
      assert.equal(at(4, outer, 2, indexOf(m.field, keepCase ? 'that_one' : 'thatOne')), undefined);

      // From the imported file, found through the include dirs.
      const colour = indexOf(file.enumType, 'Colour');
      assert.equal(at(5, colour), ' A colour.\n');
      assert.equal(at(5, colour, 2, indexOf(file.enumType[colour]!.value, 'BLUE')), ' Like the sky.\n');

      const echo = indexOf(file.service, 'Echo');
      assert.equal(at(6, echo), ' Echoes.\n');
      // A comment a blank line above is detached (protoc's leading_detached_comments): not Say's.
      assert.equal(at(6, echo, 2, indexOf(file.service[echo]!.method, 'Say')), undefined);
      assert.equal(at(6, echo, 2, indexOf(file.service[echo]!.method, 'SayTwice')), ' Says it back.\n Twice.\n');
    });
  }

  it('should add nothing twice when applied again', () => {
    const options = { includeDirs: [dir], files: ['demo/outer.proto'] };
    const once = withSourceComments(protoLoader.loadSync(options.files, { keepCase: true, includeDirs: [dir] }), options);
    const twice = withSourceComments(once, options);
    assert.deepEqual(files(twice), files(once));
  });

  it('should fail on a file it cannot find', () => {
    assert.throws(() => withSourceComments({}, { includeDirs: [dir], files: ['demo/missing.proto'] }), /cannot find demo\/missing\.proto/);
  });
});
