/** Disjoint sets over string keys, with path halving and union by size. */
export class UnionFind {
  private readonly parent = new Map<string, string>();
  private readonly size = new Map<string, number>();

  find(key: string): string {
    let node = key;
    let up = this.parent.get(node);
    if (up === undefined) {
      this.parent.set(node, node);
      this.size.set(node, 1);
      return node;
    }
    while (up !== node) {
      const grand = this.parent.get(up) as string;
      this.parent.set(node, grand);
      node = grand;
      up = this.parent.get(node) as string;
    }
    return node;
  }

  /** Returns true when the two keys were in different sets (the union joined something). */
  union(a: string, b: string): boolean {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return false;
    if ((this.size.get(ra) as number) < (this.size.get(rb) as number)) [ra, rb] = [rb, ra];
    this.parent.set(rb, ra);
    this.size.set(ra, (this.size.get(ra) as number) + (this.size.get(rb) as number));
    return true;
  }
}
