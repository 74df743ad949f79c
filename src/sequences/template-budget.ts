import { Context, type Drop } from 'liquidjs';
import { type RenderLimits, TemplateLimitError } from './template-limits';
import { sizeOf } from './template-size';

/** Steps and memory shared by several renders (all trial renders of one sequence file). */
export class SharedBudget {
  steps = 0;
  memory = 0;

  constructor(
    readonly stepLimit: number,
    readonly memoryLimit: number,
  ) {}
}

/** One render's account of steps, memory and time; throws TemplateLimitError at the first bound reached. */
export class RenderBudget {
  private steps = 0;
  private memory = 0;
  private readonly deadline: number;

  constructor(
    private readonly limits: RenderLimits,
    private readonly shared?: SharedBudget,
  ) {
    this.deadline = performance.now() + limits.timeMs;
  }

  step(): void {
    this.steps += 1;
    if (this.steps > this.limits.steps) throw new TemplateLimitError('steps', this.limits.steps);
    if (this.shared && ++this.shared.steps > this.shared.stepLimit) throw new TemplateLimitError('file steps', this.shared.stepLimit);
    if (performance.now() > this.deadline) throw new TemplateLimitError('time', this.limits.timeMs);
  }

  use(count: number): void {
    if (!(count > 0)) return;
    this.memory += count;
    if (this.memory > this.limits.memory) throw new TemplateLimitError('memory', this.limits.memory);
    if (this.shared && (this.shared.memory += count) > this.shared.memoryLimit) {
      throw new TemplateLimitError('file memory', this.shared.memoryLimit);
    }
  }
}

type Limiter = NonNullable<ConstructorParameters<typeof Context>[3]>['renderLimit'];

/**
 * liquidjs asks its `renderLimit` to `check` before every block and every piece it renders, and charges its
 * `memoryLimit` for what ranges and filters build. Handing it the budget in their place (same two methods;
 * the cast is for their private fields) turns every such call into a step or a charge of ours.
 */
function limiter(use: (count: number) => void, check: () => void): Limiter {
  return { use, check } as unknown as Limiter;
}

/**
 * The render's Context: each scope pushed (a loop, each item an `*_exp` filter evaluates) and each item
 * context spawned (`where`, `group_by`, `has`, `find`) is a step, and every variable read is charged its
 * size, so work on a large list or text costs in proportion to it wherever it happens.
 */
export class BoundedContext extends Context {
  constructor(scope: object, options: Context['opts'], liquid: unknown, budget: RenderBudget) {
    const memoryLimit = limiter((n) => budget.use(n), () => undefined);
    const renderLimit = limiter(() => undefined, () => budget.step());
    super(scope, options, { sync: true }, { memoryLimit, renderLimit, liquid });
  }

  override push(scope: object): number {
    this.renderLimit.check(1);
    return super.push(scope);
  }

  override spawn(scope: object = {}): Context {
    this.renderLimit.check(1);
    return super.spawn(scope);
  }

  override *_get(paths: (string | number | Drop)[]): IterableIterator<unknown> {
    const value: unknown = yield* super._get(paths);
    this.memoryLimit.use(sizeOf(value));
    return value;
  }
}
