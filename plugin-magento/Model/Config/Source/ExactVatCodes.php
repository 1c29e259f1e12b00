<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Config\Source;

/**
 * Exact's VAT codes (GET /api/v1/shop/exact/options), by code, with an empty choice.
 */
class ExactVatCodes extends ExactList
{
    protected const KIND = 'vat';
}
