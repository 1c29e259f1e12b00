<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model;

/**
 * Decides whether a saved sales entity is a change worth an event, and names the change (the parts of the
 * idempotency key). Works on the models' getData()/getOrigData(), which every Magento AbstractModel has.
 */
class ChangeDetector
{
    public const INVOICE_STATE_PAID = 2;

    /**
     * Change parts for a saved order, or null when nothing relevant changed.
     *
     * @param object $order Magento\Sales\Model\Order
     * @param int $now used when the order has no updated_at
     * @return string[]|null
     */
    public function orderChange($order, int $now): ?array
    {
        if (!$this->origValue($order, 'entity_id')) {
            return ['created'];
        }
        $parts = [];
        $wasDue = Decimal::sign($this->origValue($order, 'base_total_due'));
        $isDue = Decimal::sign($this->value($order, 'base_total_due'));
        if ($wasDue > 0 && $isDue <= 0 && $this->origValue($order, 'base_total_due') !== null) {
            $parts[] = 'paid';
        }
        $state = (string) $this->value($order, 'state');
        $status = (string) $this->value($order, 'status');
        if (
            $state !== (string) $this->origValue($order, 'state')
            || $status !== (string) $this->origValue($order, 'status')
        ) {
            $parts[] = 'status';
            $parts[] = $state;
            $parts[] = $status;
        }
        if ($parts === []) {
            return null;
        }
        $updated = (string) $this->value($order, 'updated_at');
        $parts[] = $updated !== '' ? $updated : (string) $now;
        return $parts;
    }

    /**
     * Change parts for a saved invoice (new, or newly paid), or null.
     *
     * @param object $invoice Magento\Sales\Model\Order\Invoice
     * @return string[]|null
     */
    public function invoiceChange($invoice): ?array
    {
        $id = (string) $this->value($invoice, 'entity_id');
        $state = (int) $this->value($invoice, 'state');
        $origState = (int) $this->origValue($invoice, 'state');
        $isNew = !$this->origValue($invoice, 'entity_id');
        if ($state === self::INVOICE_STATE_PAID && ($isNew || $origState !== self::INVOICE_STATE_PAID)) {
            return ['invoice', $id, 'paid'];
        }
        if ($isNew) {
            return ['invoice', $id, 'created'];
        }
        return null;
    }

    /**
     * Change parts for a saved credit memo (once per credit memo state), or null.
     *
     * @param object $creditmemo Magento\Sales\Model\Order\Creditmemo
     * @return string[]|null
     */
    public function creditmemoChange($creditmemo): ?array
    {
        $id = (string) $this->value($creditmemo, 'entity_id');
        $state = (string) $this->value($creditmemo, 'state');
        $isNew = !$this->origValue($creditmemo, 'entity_id');
        if ($isNew || $state !== (string) $this->origValue($creditmemo, 'state')) {
            return ['creditmemo', $id, $state];
        }
        return null;
    }

    /**
     * @param object $model
     * @param string $key
     * @return mixed
     */
    private function value($model, string $key)
    {
        return method_exists($model, 'getData') ? $model->getData($key) : null;
    }

    /**
     * @param object $model
     * @param string $key
     * @return mixed
     */
    private function origValue($model, string $key)
    {
        return method_exists($model, 'getOrigData') ? $model->getOrigData($key) : null;
    }
}
