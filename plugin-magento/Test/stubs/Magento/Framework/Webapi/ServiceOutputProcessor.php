<?php

declare(strict_types=1);

namespace Magento\Framework\Webapi;

/**
 * Stand-in of lib/internal/Magento/Framework/Webapi/ServiceOutputProcessor.php. The real one walks the
 * service's @return data interface; this one asks the test double for its REST array (JsonSerializable).
 */
class ServiceOutputProcessor
{
    /** @var array<int, array{0: string, 1: string}> calls seen, for assertions */
    public $calls = [];

    /**
     * @param mixed $data
     * @param string $serviceClassName
     * @param string $serviceMethodName
     * @return mixed
     */
    public function process($data, $serviceClassName, $serviceMethodName)
    {
        $this->calls[] = [$serviceClassName, $serviceMethodName];
        if ($data instanceof \JsonSerializable) {
            return $data->jsonSerialize();
        }
        return $data;
    }
}
