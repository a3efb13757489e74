import { KEPT_FOR_KEY } from '../../../core/src/engine/recordKeys';
import type { LxdListing } from '../../../core/src/hosts/hostListing';
import { FolderNode } from './nodes/folderNode';
import { InstanceNode } from './nodes/instanceNode';
import { MemberNode } from './nodes/memberNode';
import { MessageNode } from './nodes/messageNode';
import { ProfileNode } from './nodes/profileNode';
import type { TreeNode } from './treeNode';

/** A cluster's instances under the member that holds each (an instance of no listed member last). */
function byMember(host: string, listing: LxdListing, instances: InstanceNode[]): TreeNode[] {
  const members = listing.members.map(
    (m) =>
      new MemberNode(
        host,
        m,
        instances.filter((i) => i.member === m.name),
      ),
  );
  const known = new Set(listing.members.map((m) => m.name));
  return [...members, ...instances.filter((i) => !i.member || !known.has(i.member))];
}

/** The `user.lxdops.kept.for` record (listings drop the `user.lxdops.` prefix). */
const KEPT_FOR = KEPT_FOR_KEY.slice('user.lxdops.'.length);

/** Per instance name, the containers that safe rebuilds of it kept. */
function keptByInstance(listing: LxdListing): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const i of listing.instances) {
    const of = i.records[KEPT_FOR];
    if (of) out.set(of, [...(out.get(of) ?? []), i.name]);
  }
  return out;
}

/** What a listed host shows: its instances (by member in a cluster) and its profiles. */
export function hostChildren(host: string, listing: LxdListing): TreeNode[] {
  const kept = keptByInstance(listing);
  const instances = listing.instances.map((i) => new InstanceNode(host, i, kept.get(i.name)));
  const nodes: TreeNode[] = listing.server.clustered ? byMember(host, listing, instances) : [...instances];
  if (!instances.length)
    nodes.push(
      new MessageNode(
        'No instances',
        'Right-click an #lxdops config and choose "Launch Instance".',
        'info',
        host,
      ),
    );
  const id = host === 'local' ? 'profiles' : `${host}/profiles`;
  const profiles = listing.profiles.map((p) => new ProfileNode(host, p));
  nodes.push(new FolderNode(host, 'Profiles', 'symbol-namespace', profiles, undefined, id));
  return nodes;
}
