/**
 * `Parameter`: a tensor that a module trains.
 */
import { ArgumentError, Tensor, checkLeafOptions, describeValue } from '@tapegrad/core';

/**
 * A tensor that is a module's parameter: a leaf that requires grad (unless told otherwise), found
 * by `Module.parameters()` and updated in place by optimizers. Like `torch.nn.Parameter(t)`, it
 * shares `t`'s data rather than copying it.
 *
 * @example
 * const alpha = new Parameter(full([8], 0.25)); // alpha.requiresGrad === true
 */
export class Parameter extends Tensor {
  /**
   * Wraps `value`'s data (shared, not copied) as a leaf parameter, with `requiresGrad` true unless
   * `options.requiresGrad` is false. An op's small output is a view of a block shared with others
   * (see `Tensor.data`); that is copied, so that a parameter always owns its array.
   */
  constructor(value: Tensor, options: { requiresGrad?: boolean; name?: string } = {}) {
    if (!(value instanceof Tensor)) {
      throw new ArgumentError(`Parameter: expected a Tensor to wrap, got ${describeValue(value)}`);
    }
    checkLeafOptions('Parameter', options);
    const init: { requiresGrad: boolean; name?: string } = { requiresGrad: options.requiresGrad ?? true };
    if (options.name !== undefined) init.name = options.name;
    const { data } = value;
    super(data.byteLength === data.buffer.byteLength ? data : data.slice(), value.shape, init);
  }

  /** As PyTorch prints one: `Parameter containing:` then the tensor. */
  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}
