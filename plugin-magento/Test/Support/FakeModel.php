<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Support;

use Magento\Framework\DataObject;

/**
 * The bits of Magento\Framework\Model\AbstractModel the module relies on: data + original data.
 */
abstract class FakeModel extends DataObject implements \JsonSerializable
{
    /** @var array<string, mixed> */
    protected $origData = [];

    /**
     * @param array<string, mixed> $data current data
     * @param array<string, mixed>|null $origData data as loaded (null = a new, never saved entity)
     */
    public function __construct(array $data = [], ?array $origData = null)
    {
        parent::__construct($data);
        $this->origData = $origData ?? [];
    }

    /**
     * @param string|null $key
     * @return mixed
     */
    public function getOrigData($key = null)
    {
        if ($key === null) {
            return $this->origData;
        }
        return $this->origData[$key] ?? null;
    }

    /**
     * @return array<string, mixed>
     */
    public function jsonSerialize(): array
    {
        return $this->_data;
    }
}
