import { describe, expect, it } from 'vitest';
import {
  chooseLayout,
  combinations,
  describeLayout,
  faultDomainFailureSets,
  faultDomainLayouts,
  faultDomainOf,
  nodeFailureSets,
  placeStripes,
  simulateFailures,
  verifyLayout,
  zonalLayouts,
} from '../../scripts/planning/erasure-coding';

const FD_NODE_COUNTS = [3, 6, 9, 12, 15, 18, 21, 24, 30, 48, 99, 300];
const ZONAL_NODE_COUNTS = [4, 5, 6, 7, 8, 9, 10, 12, 16, 24, 25, 40, 100, 1000];

describe('layout choice', () => {
  it('recommends 6+3 for twelve nodes over three fault domains', () => {
    // GIVEN twelve nodes in fault-domains mode
    // WHEN the layout is chosen
    const choice = chooseLayout('fault-domains', 12);
    // THEN it is the customer's 6+3 reference: 2/3 efficiency, a spare node per fault domain, three node failures
    expect([choice.recommended.k, choice.recommended.m]).toEqual([6, 3]);
    expect(choice.recommended.efficiency).toBeCloseTo(2 / 3, 12);
    expect(choice.recommended.spareNodesForRebuild).toBe(1);
    expect(choice.faultDomains).toBe(3);
  });

  it('lists every 2/3-efficient fault-domain layout that fits twelve nodes as an alternative', () => {
    // GIVEN twelve nodes in fault-domains mode
    // WHEN the layout is chosen
    const choice = chooseLayout('fault-domains', 12);
    // THEN 2+1, 4+2, 6+3 and 8+4 are all weighed
    expect(choice.alternatives.map((l) => l.name).sort()).toEqual(['2+1', '4+2', '6+3', '8+4']);
  });

  it('prefers 4+2 on nine nodes because 6+3 would leave no spare node per fault domain', () => {
    // GIVEN nine nodes (three per fault domain)
    // WHEN the layout is chosen
    const choice = chooseLayout('fault-domains', 9);
    // THEN 4+2 wins the tie on efficiency, and 6+3 is listed with no spare node
    expect(choice.recommended.name).toBe('4+2');
    expect(choice.alternatives.find((l) => l.name === '6+3')?.spareNodesForRebuild).toBe(0);
  });

  it('recommends 2+1 on the smallest fault-domain cluster of three nodes', () => {
    // GIVEN three nodes, one per fault domain
    // WHEN the layout is chosen
    const choice = chooseLayout('fault-domains', 3);
    // THEN the only valid layout is 2+1
    expect(choice.recommended.name).toBe('2+1');
  });

  it('recommends the widest stripe with two parity fragments in zonal mode', () => {
    // GIVEN the default eight-node zonal cluster
    // WHEN the layout is chosen
    const choice = chooseLayout('zonal', 8);
    // THEN 6+2 is recommended and the rack-level caveat is stated
    expect(choice.recommended.name).toBe('6+2');
    expect(choice.faultDomains).toBe(1);
    expect(choice.caveats.join(' ')).toMatch(/rack-level .* NOT covered/);
  });

  it('caps the zonal stripe width at 24 fragments', () => {
    // GIVEN a 1000-node zonal cluster
    // WHEN the layout is chosen
    const choice = chooseLayout('zonal', 1000);
    // THEN the stripe is 22+2
    expect(choice.recommended.name).toBe('22+2');
  });

  it('recommends 2+2 on the smallest zonal cluster of four nodes', () => {
    // GIVEN four nodes in zonal mode
    // WHEN the layout is chosen
    const choice = chooseLayout('zonal', 4);
    // THEN 2+2 is the only layout
    expect(choice.alternatives.map((l) => l.name)).toEqual(['2+2']);
  });

  it('fails when a fault-domain node count is not a multiple of 3', () => {
    // GIVEN ten nodes in fault-domains mode over three fault domains
    // WHEN / THEN the choice is refused with the field, the value and what is allowed
    expect(() => chooseLayout('fault-domains', 10)).toThrow(
      'nodeCount must be a multiple of 3 (at least 3) for placement mode "fault-domains" with 3 fault domains, got 10',
    );
  });

  it('needs m ≥ k (at most 50 % efficiency) to survive a whole fault domain when there are only two', () => {
    // GIVEN twelve nodes over two fault domains (UK South's maximum)
    const choice = chooseLayout('fault-domains', 12, 2);
    // THEN every candidate layout has m ≥ k, and the best efficiency is one half
    expect(choice.alternatives.every((l) => l.m >= l.k)).toBe(true);
    expect(choice.recommended.efficiency).toBe(0.5);
    expect(choice.faultDomains).toBe(2);
  });

  it('proves a two-fault-domain layout survives the loss of either fault domain', () => {
    // GIVEN 5+5 over two fault domains of six nodes each
    const v = verifyLayout('fault-domains', 12, { k: 5, m: 5 }, 500, 2);
    // THEN losing either whole fault domain loses no stripe
    expect(v.faultDomainLoss).toMatchObject({ survived: true, failureSetsTried: 2 });
  });

  it('shows a two-fault-domain layout of k > m fails when a fault domain is lost', () => {
    // GIVEN 6+2 (wider data than parity) spread over two fault domains: 4 fragments in each
    const v = verifyLayout('fault-domains', 12, { k: 6, m: 2 }, 500, 2);
    // THEN the simulation finds stripes lost with a fault domain
    expect(v.faultDomainLoss?.survived).toBe(false);
  });

  it('fails when a zonal cluster has fewer than four nodes', () => {
    // GIVEN three nodes in zonal mode
    // WHEN / THEN the choice is refused
    expect(() => chooseLayout('zonal', 3)).toThrow('nodeCount must be at least 4 for placement mode "zonal"');
  });

  it('gives every fault-domain candidate an efficiency of exactly 2/3', () => {
    // GIVEN every fault-domain node count tested
    // WHEN the candidates are listed
    const efficiencies = FD_NODE_COUNTS.flatMap((n) => faultDomainLayouts(n).map((l) => l.efficiency));
    // THEN each is 2/3
    expect(efficiencies.every((e) => Math.abs(e - 2 / 3) < 1e-12)).toBe(true);
  });

  it('describes a layout that puts more fragments in a fault domain than it has parity as not surviving its loss', () => {
    // GIVEN 7+2 over three fault domains (three fragments per fault domain, two parity)
    // WHEN it is described
    const layout = describeLayout('fault-domains', 9, 7, 2);
    // THEN it does not survive a fault-domain loss
    expect(layout.survivesFaultDomainLoss).toBe(false);
  });
});

describe('placement', () => {
  it('puts every fragment of a stripe on a different node', () => {
    // GIVEN every recommended layout in both modes
    const cases = [
      ...FD_NODE_COUNTS.map((n) => ['fault-domains', n] as const),
      ...ZONAL_NODE_COUNTS.map((n) => ['zonal', n] as const),
    ];
    // WHEN the stripes are placed
    const distinct = cases.every(([mode, n]) => {
      const l = chooseLayout(mode, n).recommended;
      return placeStripes(mode, n, l.width).every((s) => new Set(s).size === s.length);
    });
    // THEN no node holds two fragments of one stripe
    expect(distinct).toBe(true);
  });

  it('spreads each stripe evenly over the three fault domains', () => {
    // GIVEN every fault-domain layout on every node count tested
    const even = FD_NODE_COUNTS.every((n) =>
      faultDomainLayouts(n).every((l) =>
        placeStripes('fault-domains', n, l.width).every((stripe) => {
          const perFd = [0, 1, 2].map((d) => stripe.filter((node) => faultDomainOf(node) === d).length);
          return perFd.every((c) => c === l.width / 3);
        }),
      ),
    );
    // THEN each fault domain holds width/3 fragments of every stripe
    expect(even).toBe(true);
  });

  it('rotates placement so every node carries fragments', () => {
    // GIVEN 6+3 on twelve nodes
    // WHEN twelve stripes are placed
    const used = new Set(placeStripes('fault-domains', 12, 9).flat());
    // THEN all twelve nodes are used
    expect(used.size).toBe(12);
  });

  it('fails when the stripe is wider than the cluster', () => {
    // GIVEN a 6+3 stripe on six nodes
    // WHEN / THEN placement is refused
    expect(() => placeStripes('zonal', 6, 9)).toThrow('stripe width must be at most the node count 6, got 9');
  });
});

describe('failure sets', () => {
  it('enumerates every set of m nodes when there are few', () => {
    // GIVEN twelve nodes and sets of three
    // WHEN the failure sets are drawn
    const sets = nodeFailureSets(12, 3);
    // THEN all C(12,3) = 220 are enumerated
    expect([sets.exhaustive, sets.sets.length, combinations(12, 3)]).toEqual([true, 220, 220]);
  });

  it('samples the same sets every time when there are many', () => {
    // GIVEN 1000 nodes and sets of two (499,500 sets)
    // WHEN the sets are drawn twice with the same seed
    const a = nodeFailureSets(1000, 2, 300);
    const b = nodeFailureSets(1000, 2, 300);
    // THEN the sample is deterministic and of the requested size
    expect([a.exhaustive, a.sets.length]).toEqual([false, 300]);
    expect(a.sets).toEqual(b.sets);
  });

  it('samples sets of distinct nodes', () => {
    // GIVEN a large sample of sets of four
    // WHEN the sets are drawn
    const { sets } = nodeFailureSets(200, 4, 500);
    // THEN no set repeats a node
    expect(sets.every((s) => new Set(s).size === 4)).toBe(true);
  });

  it('lists each fault domain as the nodes i with i mod 3 equal to its index', () => {
    // GIVEN six nodes
    // WHEN the fault-domain failure sets are listed
    // THEN they are {0,3}, {1,4}, {2,5}
    expect(faultDomainFailureSets(6)).toEqual([
      [0, 3],
      [1, 4],
      [2, 5],
    ]);
  });
});

describe('failure simulation', () => {
  it('keeps every stripe readable after the loss of any whole fault domain, for every fault-domain layout', () => {
    // GIVEN every 2/3 layout on every fault-domain node count tested
    const failures = FD_NODE_COUNTS.flatMap((n) =>
      faultDomainLayouts(n)
        .map((l) => ({ n, l: l.name, r: verifyLayout('fault-domains', n, l, 300).faultDomainLoss! }))
        .filter((x) => !x.r.survived),
    );
    // WHEN each fault domain is failed in turn
    // THEN no stripe is lost
    expect(failures).toEqual([]);
  });

  it('keeps every stripe readable after any m node failures, for every layout in both modes', () => {
    // GIVEN every candidate layout in both modes (every set enumerated when few, a fixed sample when many)
    const cases = [
      ...FD_NODE_COUNTS.flatMap((n) => faultDomainLayouts(n).map((l) => ['fault-domains', n, l] as const)),
      ...ZONAL_NODE_COUNTS.flatMap((n) => zonalLayouts(n).map((l) => ['zonal', n, l] as const)),
    ];
    // WHEN every set of m nodes is failed
    const failures = cases
      .map(([mode, n, l]) => ({ mode, n, l: l.name, r: verifyLayout(mode, n, l, 300).nodeLoss }))
      .filter((x) => !x.r.survived);
    // THEN no stripe is lost
    expect(failures).toEqual([]);
  });

  it('loses a stripe when a fault domain holds more fragments than there is parity', () => {
    // GIVEN 7+2 on nine nodes over three fault domains (three fragments per fault domain)
    const stripes = placeStripes('fault-domains', 9, 9);
    // WHEN each fault domain is failed
    const result = simulateFailures(stripes, 9, 7, faultDomainFailureSets(9));
    // THEN the first fault domain's loss leaves a stripe with six of the seven fragments it needs
    expect(result.survived).toBe(false);
    expect(result.counterexample).toMatchObject({ failedNodes: [0, 3, 6], fragmentsLeft: 6 });
  });

  it('loses a stripe when one more node fails than the layout has parity', () => {
    // GIVEN the recommended layout in both modes on several node counts
    const cases = [
      ['fault-domains', 12],
      ['fault-domains', 30],
      ['zonal', 8],
      ['zonal', 25],
    ] as const;
    // WHEN m + 1 nodes fail (every such set)
    const outcomes = cases.map(([mode, n]) => {
      const l = chooseLayout(mode, n).recommended;
      const sets = nodeFailureSets(n, l.m + 1, 50_000);
      return simulateFailures(placeStripes(mode, n, l.width), n, l.k, sets.sets).survived;
    });
    // THEN some stripe is lost each time: the tolerance is exactly m
    expect(outcomes).toEqual([false, false, false, false]);
  });

  it('loses a stripe in zonal mode when a hidden rack takes out a third of the nodes', () => {
    // GIVEN the default 6+2 on eight nodes, and Azure's hidden spreading putting nodes 0, 3 and 6 on one rack
    const stripes = placeStripes('zonal', 8, 8);
    // WHEN that rack fails
    const result = simulateFailures(stripes, 8, 6, [faultDomainFailureSets(8)[0]]);
    // THEN a stripe is lost: the rack-level failure is not covered in zonal mode
    expect(result.survived).toBe(false);
  });
});
